//! Reading a content directory: walk, read, parse every file (in parallel).
//!
//! Files are read with a size cap, checked for UTF-8 (a BOM is accepted and
//! not counted), and parsed one record at a time. A file that does not parse
//! gives one syntax error; everything else is reported per record.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::cache::{Cache, Key};
use super::parse::{self, Rules};
use super::read::Ctx;
use super::*;
use crate::calendar::{self, YearDays};
use crate::config::{self, Site};
use crate::diag::{Diagnostic, Diags, did_you_mean};
use crate::i18n::Lang;
use crate::yaml::{self, Item, Node};

/// Largest file accepted (128 MiB). A valid 100 MB record file loads; a
/// larger one is refused before it is read, so memory stays bounded.
pub const MAX_FILE_BYTES: u64 = 128 * 1024 * 1024;

/// The nine record files a month folder may hold.
pub const RECORD_FILES: &[&str] = &[
    "tickets.yaml",
    "complaints.yaml",
    "visits.yaml",
    "surveys.yaml",
    "fees.yaml",
    "inspections.yaml",
    "lost-found.yaml",
    "meetings.yaml",
    "worklog.yaml",
];

const ROOT_ENTRIES: &[&str] =
    &["site.yaml", "households.yaml", "calendar.yaml", "roles", "notices", "bulletins", "static", "records"];

/// Where to read from and how to name paths in messages.
pub struct Source {
    /// The content directory on disk.
    pub dir: PathBuf,
    /// The `--content` argument as given (messages join paths onto it).
    pub display: String,
}

impl Source {
    /// A source whose display prefix is the path as given.
    pub fn new(dir: impl Into<PathBuf>) -> Source {
        let dir = dir.into();
        let display = dir.to_string_lossy().trim_end_matches('/').to_string();
        Source { dir, display }
    }
    /// The display path of `rel` inside the content directory.
    pub fn show(&self, rel: &str) -> String {
        if self.display.is_empty() || self.display == "." { rel.to_string() } else { format!("{}/{rel}", self.display) }
    }
}

/// What loading produced: the estate (when site.yaml could be read) and every diagnostic.
pub struct Loaded {
    /// The estate; records with errors are left out of it.
    pub estate: Option<Estate>,
    /// Every problem found, sorted by path and position.
    pub diags: Vec<Diagnostic>,
    /// Total bytes of input read.
    pub bytes: u64,
    /// What `serve` keeps to reload a few record files (after a full load).
    pub reload: Option<Reload>,
}

/// Reads a file as UTF-8 text, refusing what a clerk must fix (size, encoding).
pub fn read_text(path: &Path, display: &str, lang: Lang) -> Result<String, Diagnostic> {
    let bytes = read_bytes(path, display, lang)?;
    decode(bytes).map_err(|(zh, en)| Diagnostic::error(display, Pos::START, lang.t(zh, en)))
}

/// Reads a file's bytes, refusing one over the size limit; [`read_text`]
/// then checks the encoding (which a cached file does not need).
fn read_bytes(path: &Path, display: &str, lang: Lang) -> Result<Vec<u8>, Diagnostic> {
    let err = |zh: String, en: String| Diagnostic::error(display, Pos::START, lang.t(zh, en));
    let meta = fs::metadata(path).map_err(|e| err(format!("无法读取文件：{e}"), format!("cannot read file: {e}")))?;
    if meta.len() > MAX_FILE_BYTES {
        let mb = MAX_FILE_BYTES / 1024 / 1024;
        return Err(err(
            format!("文件太大（{} MB，上限 {mb} MB）：请按月拆分记录", meta.len() / 1024 / 1024),
            format!("file too large ({} MB, limit {mb} MB): split the records by month", meta.len() / 1024 / 1024),
        ));
    }
    fs::read(path).map_err(|e| err(format!("无法读取文件：{e}"), format!("cannot read file: {e}")))
}

/// UTF-8 with or without BOM; anything else is refused with advice.
fn decode(mut bytes: Vec<u8>) -> Result<String, (String, String)> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(("文件是 UTF-16 编码：请另存为 UTF-8".into(), "file is UTF-16: save it as UTF-8".into()));
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    // UTF-16 without a BOM is valid UTF-8 byte for byte when it is all ASCII,
    // with a NUL after (or before) every character; no text file holds NULs.
    if bytes.contains(&0) {
        return Err((
            "文件含有空字节（NUL），可能是 UTF-16 编码：请另存为 UTF-8".into(),
            "file contains NUL bytes (UTF-16?): save it as UTF-8".into(),
        ));
    }
    String::from_utf8(bytes).map_err(|_| {
        (
            "文件不是 UTF-8 编码（可能是 GBK）：请用编辑器另存为 UTF-8".into(),
            "file is not UTF-8 (GBK?): save it as UTF-8".into(),
        )
    })
}

/// Splits `---` front matter from a Markdown file. The YAML text keeps the
/// file's line numbers (its first line is line 2), so positions need no shift.
pub fn split_front_matter(text: &str) -> Result<(Option<String>, String), (String, String)> {
    let first_end = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Ok((None, text.to_string()));
    }
    let mut offset = first_end;
    for line in text[first_end..].split_inclusive('\n') {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            let yaml = format!("\n{}", &text[first_end..offset]);
            let body = text[offset + line.len()..].to_string();
            return Ok((Some(yaml), body));
        }
        offset += line.len();
    }
    Err((
        "front matter 没有结束：在元数据后面加一行 ---".into(),
        "unterminated front matter: add a closing --- line".into(),
    ))
}

fn yaml_error(cx: &mut Ctx, e: yaml::YamlError) {
    let ((zh, en), help) = e.describe();
    let help = help.map(|(zh, en)| cx.lang.t(zh, en));
    cx.err_help(e.pos, zh, en, help);
}

/// Parses a file whose top level is a list of records.
fn seq_file<T>(src: &str, cx: &mut Ctx, mut f: impl FnMut(&Node, &mut Ctx) -> Option<T>, what: &str) -> (Vec<T>, bool) {
    let mut out = Vec::new();
    let mut shape_reported = false;
    let (_, errors) = yaml::stream_all(src, |it| match it {
        Item::SeqItem(_, n) => {
            if let Some(v) = f(&n, cx) {
                out.push(v);
            }
        }
        Item::TopScalar(n) if n.is_null() => {}
        Item::TopScalar(n) | Item::Entry(n, _) => {
            if !shape_reported {
                cx.err(
                    n.pos,
                    format!("{what}应为记录列表（每条以 - 开头）"),
                    format!("{what} must be a list of records (each starting with -)"),
                );
                shape_reported = true;
            }
        }
        Item::SeqEntry(n, _) => {
            if !shape_reported {
                cx.err(
                    n.pos,
                    format!("{what}应为记录列表（每条以 - 开头）"),
                    format!("{what} must be a list of records (each starting with -)"),
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
struct FileOut {
    records: Records,
    parsed: bool,
    /// Keys of records that failed, so references to them are not "dangling".
    broken_keys: Vec<String>,
    diags: Vec<Diagnostic>,
    first_record: Option<Pos>,
}

impl FileOut {
    /// The records, and the rest of what the parse gave (with the file's size and key).
    fn split(self, bytes: u64, key: Key) -> (Records, FileMeta) {
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

fn peek(n: &Node, key: &str) -> Option<String> {
    if let yaml::Kind::Map(e) = &n.kind {
        return e.iter().find(|(k, _)| k.scalar() == Some(key)).and_then(|(_, v)| v.scalar()).map(str::to_string);
    }
    None
}

fn parse_record_file(kind: &str, src: &str, display: &str, ru: &Rules) -> FileOut {
    let mut diags = Diags::default();
    let mut cx = Ctx { path: display, lang: ru.site.lang, diags: &mut diags };
    let mut out = FileOut::default();
    let mut broken = Vec::new();
    let mut first: Option<Pos> = None;
    macro_rules! seq {
        ($f:path, $field:ident, $what:expr, $key:expr) => {{
            let (v, ok) = seq_file(
                src,
                &mut cx,
                |n, cx| {
                    first.get_or_insert(n.pos);
                    let r = $f(n, cx, ru);
                    if r.is_none() {
                        if let Some(k) = $key(n) {
                            broken.push(k);
                        }
                    }
                    r
                },
                $what,
            );
            out.records.$field = v;
            out.parsed = ok;
        }};
    }
    let id = |n: &Node| peek(n, "id");
    let none = |_: &Node| None::<String>;
    match kind {
        "tickets.yaml" => seq!(parse::ticket, tickets, "tickets.yaml", id),
        "complaints.yaml" => seq!(parse::complaint, complaints, "complaints.yaml", id),
        "visits.yaml" => seq!(parse::visit, visits, "visits.yaml", none),
        "surveys.yaml" => seq!(parse::survey, surveys, "surveys.yaml", none),
        "inspections.yaml" => seq!(parse::inspection, inspections, "inspections.yaml", none),
        "lost-found.yaml" => seq!(parse::lost_item, lost_found, "lost-found.yaml", id),
        "meetings.yaml" => seq!(parse::meeting, meetings, "meetings.yaml", none),
        "worklog.yaml" => seq!(parse::worklog, worklogs, "worklog.yaml", none),
        "fees.yaml" => {
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
                        cx.err(v.pos, format!("`{ks}` 应为记录列表"), format!("`{ks}` must be a list of records"));
                        bad_shape = true;
                    }
                }
                Item::SeqItem(_, n) | Item::TopScalar(n) => {
                    if !n.is_null() && !bad_shape && !matches!(n.kind, yaml::Kind::Map(ref e) if e.is_empty()) {
                        bad_shape = true;
                        cx.err(
                            n.pos,
                            "fees.yaml 应包含 bills: 和 payments: 两个列表".into(),
                            "fees.yaml must hold `bills:` and `payments:` lists".into(),
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
        _ => {}
    }
    out.broken_keys = broken;
    out.first_record = first;
    out.diags = diags.list;
    out
}

/// Reports a top-level key of fees.yaml seen before (at the repeat); true if it was.
fn repeated_key(cx: &mut Ctx, k: &Node, seen: &mut Vec<String>) -> bool {
    let ks = k.scalar().unwrap_or("");
    if seen.iter().any(|s| s == ks) {
        cx.err(k.pos, format!("键 `{ks}` 重复出现"), format!("key `{ks}` is repeated in this map"));
        return true;
    }
    seen.push(ks.to_string());
    false
}

/// Reports a top-level key of fees.yaml other than `bills` and `payments`.
fn unknown_fees_key(cx: &mut Ctx, k: &Node) {
    let ks = k.scalar().unwrap_or("");
    let hint = did_you_mean(ks, ["bills", "payments"])
        .map(|h| cx.lang.t(format!("是不是想写 `{h}`？"), format!("did you mean `{h}`?")));
    cx.err_help(
        k.pos,
        format!("未知字段 `{ks}`（可用：bills, payments）"),
        format!("unknown field `{ks}` (expected bills or payments)"),
        hint,
    );
}

/// Reads one bill or payment of fees.yaml; a failed bill's key is kept so
/// payments naming it are not reported as naming no bill.
fn fee_record(
    section: Option<&str>,
    n: &Node,
    cx: &mut Ctx,
    ru: &Rules,
    records: &mut Records,
    broken: &mut Vec<String>,
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
                    broken.push(format!("{u}\u{1}{i}\u{1}{p}"));
                }
            }
        },
        Some("payments") => {
            if let Some(p) = parse::payment(n, cx, ru) {
                records.payments.push(p);
            }
        }
        _ => {}
    }
}

#[derive(Clone)]
struct RecordFile {
    rel: String,
    path: PathBuf,
    folder: Month,
    kind: &'static str,
}

/// Reads one record file and parses it, or takes its records from `cache`.
/// Returns what it found, how many bytes of text it read, and its key.
fn load_record_file(
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
            let key = Key::of(&[display.as_bytes(), site_text.as_bytes(), f.kind.as_bytes(), f.rel.as_bytes(), &raw]);
            if cache.has(&display, key) {
                let n = raw.len() as u64 - if raw.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { 0 };
                // The cached records replace the bytes: free them before decoding, so
                // a 100 MB file is not held as bytes and as records at once.
                drop(raw);
                if let Some(mut out) = cache.get::<FileOut>(&display, key) {
                    set_file(&mut out.records, i as u32);
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
fn parse_uncached(
    f: &RecordFile,
    i: usize,
    display: &str,
    site: &Site,
    raw: Result<Vec<u8>, Diagnostic>,
    lang: Lang,
    cache: &Cache,
    key: Key,
) -> (FileOut, u64, Key) {
    let text =
        match raw.and_then(|b| decode(b).map_err(|(zh, en)| Diagnostic::error(display, Pos::START, lang.t(zh, en)))) {
            Ok(t) => t,
            Err(d) => return (FileOut { diags: vec![d], ..FileOut::default() }, 0, key),
        };
    let ru = Rules { site, folder: f.folder, file: i as u32 };
    let out = parse_record_file(f.kind, &text, display, &ru);
    cache.put(display, key, &out);
    (out, text.len() as u64, key)
}

/// Loads and validates a whole content directory, without a parse cache.
pub fn load(source: &Source) -> Loaded {
    load_with(source, &Cache::none())
}

/// Points every record of a cached file at its current index in the file table.
fn set_file(r: &mut Records, file: u32) {
    r.tickets.iter_mut().for_each(|x| x.src.file = file);
    r.complaints.iter_mut().for_each(|x| x.src.file = file);
    r.visits.iter_mut().for_each(|x| x.src.file = file);
    r.surveys.iter_mut().for_each(|x| x.src.file = file);
    r.bills.iter_mut().for_each(|x| x.src.file = file);
    r.payments.iter_mut().for_each(|x| x.src.file = file);
    r.inspections.iter_mut().for_each(|x| x.src.file = file);
    r.lost_found.iter_mut().for_each(|x| x.src.file = file);
    r.meetings.iter_mut().for_each(|x| x.src.file = file);
    r.worklogs.iter_mut().for_each(|x| x.src.file = file);
}

/// Loads and validates a whole content directory; record files whose parse
/// is in `cache` are not parsed again.
pub fn load_with(source: &Source, cache: &Cache) -> Loaded {
    let t0 = std::time::Instant::now();
    let mut diags = Diags::default();
    let mut bytes = 0u64;
    let root = &source.dir;

    // site.yaml first: it sets the language and the category lists. A root
    // file that is a symlink out of the content directory is not read at all
    // (the walk below reports it).
    let root_canon = fs::canonicalize(root).unwrap_or_else(|_| root.clone());
    let site_display = source.show("site.yaml");
    let mut lang = Lang::Zh;
    let site_path = root.join("site.yaml");
    let mut site_text = String::new();
    let site = if links_outside(&site_path, &root_canon) {
        None
    } else if !site_path.is_file() {
        let msg = if root.is_dir() {
            lang.t(
                "缺少 site.yaml：每个内容目录都需要它（可用 `wuye new` 生成示例）",
                "missing site.yaml: every content directory needs one (see `wuye new`)",
            )
        } else {
            lang.t(
                format!("内容目录 {} 不存在", source.display),
                format!("content directory {} does not exist", source.display),
            )
        };
        diags.list.push(Diagnostic::error(&site_display, Pos::START, msg));
        None
    } else {
        match read_text(&site_path, &site_display, lang) {
            Err(d) => {
                diags.list.push(d);
                None
            }
            Ok(text) => {
                bytes += text.len() as u64;
                site_text = text.clone();
                let mut cx = Ctx { path: &site_display, lang, diags: &mut diags };
                match yaml::parse_tree(&text) {
                    Err(e) => {
                        yaml_error(&mut cx, e);
                        None
                    }
                    Ok(None) => {
                        cx.err(Pos::START, "site.yaml 是空的".into(), "site.yaml is empty".into());
                        None
                    }
                    Ok(Some(n)) => {
                        lang = config::peek_lang(&n);
                        cx.lang = lang;
                        Some(config::from_node(&n, &mut cx))
                    }
                }
            }
        }
    };
    let site_ok = site.is_some();
    let site = site.unwrap_or_else(|| Site { lang, ..Site::default() });

    // Walk the root. The Markdown and static folders are read by `read_pages`
    // (below, and again by `reload_records` after a save).
    let mut record_files: Vec<RecordFile> = Vec::new();
    {
        for (name, e) in visible_entries(root) {
            let rel = name.clone();
            let is_dir = e.path().is_dir();
            if is_dir && PAGE_FOLDERS.contains(&name.as_str()) {
                continue;
            }
            if !outside_ok(&e.path(), &root_canon, &source.show(&rel), lang, &mut diags) {
                continue;
            }
            match (name.as_str(), is_dir) {
                ("site.yaml" | "households.yaml" | "calendar.yaml", false) => {}
                ("records", true) => record_files = list_records(&e.path(), source, &root_canon, lang, &mut diags),
                _ => {
                    let hint = did_you_mean(&name, ROOT_ENTRIES.iter().copied());
                    let help = hint.map(|h| lang.t(format!("是不是想写 `{h}`？"), format!("did you mean `{h}`?")));
                    let mut d = Diagnostic::warning(
                        source.show(&rel),
                        Pos::START,
                        lang.t(
                            format!("未知的文件或文件夹 `{name}`，将被忽略"),
                            format!("unknown file or folder `{name}` is ignored"),
                        ),
                    );
                    d.help = help;
                    diags.list.push(d);
                }
            }
        }
    }

    // households.yaml
    let hh_display = source.show("households.yaml");
    let hh_path = root.join("households.yaml");
    let mut households = Vec::new();
    let mut household_pos = Vec::new();
    let mut households_parsed = false;
    let mut broken_units = Vec::new();
    if links_outside(&hh_path, &root_canon) {
        // Refused by the walk above.
    } else if !hh_path.is_file() {
        if root.is_dir() {
            diags.list.push(Diagnostic::error(
                &hh_display,
                Pos::START,
                lang.t("缺少 households.yaml（房屋清单）", "missing households.yaml (the register of units)"),
            ));
        }
    } else {
        match read_text(&hh_path, &hh_display, lang) {
            Err(d) => diags.list.push(d),
            Ok(text) => {
                bytes += text.len() as u64;
                let mut cx = Ctx { path: &hh_display, lang, diags: &mut diags };
                let (v, ok) = seq_file(
                    &text,
                    &mut cx,
                    |n, cx| {
                        let h = parse::household(n, cx);
                        if h.is_none() {
                            broken_units.extend(peek(n, "unit"));
                        }
                        h
                    },
                    "households.yaml",
                );
                households_parsed = ok;
                for (h, pos) in v {
                    household_pos.push(pos);
                    households.push(h);
                }
            }
        }
    }

    // calendar.yaml
    let mut calendar = calendar::Calendar::builtin();
    let cal_path = root.join("calendar.yaml");
    if cal_path.is_file() && !links_outside(&cal_path, &root_canon) {
        let display = source.show("calendar.yaml");
        match read_text(&cal_path, &display, lang) {
            Err(d) => diags.list.push(d),
            Ok(text) => {
                bytes += text.len() as u64;
                let mut cx = Ctx { path: &display, lang, diags: &mut diags };
                match yaml::parse_tree(&text) {
                    Err(e) => yaml_error(&mut cx, e),
                    Ok(None) => {}
                    Ok(Some(n)) => {
                        let years: BTreeMap<i32, YearDays> = calendar::from_node(&n, &mut cx);
                        calendar = calendar.with_years(years);
                    }
                }
            }
        }
    }

    // Markdown pages.
    let pages = read_pages(source, &site);

    // Record files, in parallel, merged in path order.
    crate::diag::phase("load: site, households, calendar, pages", t0);
    let t1 = std::time::Instant::now();
    let outs: Vec<(FileOut, u64, Key)> = record_files
        .par_iter()
        .enumerate()
        .map(|(i, f)| load_record_file(f, i, source, &site, &site_text, cache))
        .collect();
    let mut records =
        Records { files: record_files.iter().map(|f| source.show(&f.rel)).collect(), ..Records::default() };
    let mut months: Vec<Month> = record_files.iter().map(|f| f.folder).collect();
    months.dedup();
    records.months = months;
    let mut metas = Vec::with_capacity(outs.len());
    for (out, n, key) in outs {
        let (r, meta) = out.split(n, key);
        append_all(&mut records, r);
        metas.push(meta);
    }
    crate::diag::phase("load: record files (parse or cache)", t1);
    let reload = Reload {
        files: record_files,
        metas,
        diags: diags.list,
        bytes,
        site_text,
        site_ok,
        household_pos,
        hh_display,
        households_parsed,
        broken_units,
    };
    finish(source, reload, pages, site, households, calendar, records)
}

/// What parsing one record file gave besides its records.
#[derive(Clone)]
struct FileMeta {
    key: Key,
    bytes: u64,
    parsed: bool,
    broken_keys: Vec<String>,
    diags: Vec<Diagnostic>,
    first_record: Option<Pos>,
}

/// What a load knows besides the estate, kept by `serve` so that saving a
/// few record files re-parses only those (see [`reload_records`]).
#[derive(Clone)]
pub struct Reload {
    /// The record files in path order, with what parsing each gave (their
    /// records are in the estate, file by file in this order).
    files: Vec<RecordFile>,
    metas: Vec<FileMeta>,
    /// Diagnostics and input bytes of site.yaml, households.yaml,
    /// calendar.yaml and the walk of the root.
    diags: Vec<Diagnostic>,
    bytes: u64,
    site_text: String,
    site_ok: bool,
    household_pos: Vec<Pos>,
    hh_display: String,
    households_parsed: bool,
    broken_units: Vec<String>,
}

/// The Markdown pages and static files, read.
struct Pages {
    roles: Vec<Role>,
    notices: Vec<Notice>,
    bulletins: Vec<Bulletin>,
    static_files: Vec<String>,
    role_files: std::collections::BTreeSet<String>,
    diags: Vec<Diagnostic>,
    bytes: u64,
}

/// The folders of Markdown pages and static files, which [`read_pages`] reads.
const PAGE_FOLDERS: [&str; 4] = ["roles", "notices", "bulletins", "static"];

/// Lists and reads roles/, notices/, bulletins/ and static/.
fn read_pages(source: &Source, site: &Site) -> Pages {
    let lang = site.lang;
    let root_canon = fs::canonicalize(&source.dir).unwrap_or_else(|_| source.dir.clone());
    let mut diags = Diags::default();
    let mut md_files: MdFiles = BTreeMap::new();
    for name in ["roles", "notices", "bulletins"] {
        let dir = source.dir.join(name);
        if dir.is_dir() && outside_ok(&dir, &root_canon, &source.show(name), lang, &mut diags) {
            md_files.insert(name, list_md(&dir, name, source, &root_canon, lang, &mut diags));
        }
    }
    let static_dir = source.dir.join("static");
    let static_files =
        if static_dir.is_dir() && outside_ok(&static_dir, &root_canon, &source.show("static"), lang, &mut diags) {
            list_static(source, &root_canon, lang, &mut diags)
        } else {
            Vec::new()
        };
    let (roles, notices, bulletins, bytes) = parse_pages(&md_files, site, &mut diags);
    Pages { roles, notices, bulletins, static_files, role_files: role_stems(&md_files), diags: diags.list, bytes }
}

/// The end of every load: the estate from its parts, the calendar-coverage
/// warnings, the checks across files, every diagnostic sorted.
fn finish(
    source: &Source,
    reload: Reload,
    pages: Pages,
    site: Site,
    households: Vec<Household>,
    calendar: calendar::Calendar,
    records: Records,
) -> Loaded {
    let t2 = std::time::Instant::now();
    let lang = site.lang;
    let mut list = reload.diags.clone();
    list.extend(pages.diags);
    let mut bytes = reload.bytes + pages.bytes;
    let mut parsed_ok = validate::Parsed::default();
    for (f, m) in reload.files.iter().zip(&reload.metas) {
        bytes += m.bytes;
        list.extend(m.diags.iter().cloned());
        if !m.parsed {
            parsed_ok.unparsed.insert(f.kind);
        }
        let broken = m.broken_keys.iter().cloned();
        match f.kind {
            "tickets.yaml" => parsed_ok.broken_tickets.extend(broken),
            "complaints.yaml" => parsed_ok.broken_complaints.extend(broken),
            "lost-found.yaml" => parsed_ok.broken_lost.extend(broken),
            "fees.yaml" => parsed_ok.broken_bills.extend(broken),
            _ => {}
        }
    }
    parsed_ok.households = reload.households_parsed;
    parsed_ok.broken_units = reload.broken_units.clone();
    parsed_ok.role_files = pages.role_files;

    // Calendar coverage: one warning per uncovered year, at its first record.
    let mut warned = std::collections::BTreeSet::new();
    for (f, m) in reload.files.iter().zip(&reload.metas) {
        let y = f.folder.year;
        if calendar.covers(y) || warned.contains(&y) {
            continue;
        }
        let Some(pos) = m.first_record else {
            continue;
        };
        warned.insert(y);
        list.push(
            Diagnostic::warning(
                source.show(&f.rel),
                pos,
                lang.t(
                    format!("{y} 年没有节假日日历，工作日按周一至周五计算"),
                    format!("no holiday calendar for {y}: working days are Monday to Friday"),
                ),
            )
            .with_help(lang.t(
                format!("在 calendar.yaml 中加入 {y}: 的 holidays 和 workdays"),
                format!("add {y}: with holidays and workdays to calendar.yaml"),
            )),
        );
    }

    let record_stamps = reload.files.iter().zip(&reload.metas).map(|(f, m)| (f.folder, m.key.0)).collect();
    let mut estate = Estate {
        site,
        households,
        calendar,
        roles: pages.roles,
        notices: pages.notices,
        bulletins: pages.bulletins,
        records: records.into(),
        static_files: pages.static_files,
        record_stamps,
    };
    list.extend(validate::validate(&mut estate, &reload.household_pos, &parsed_ok, &reload.hh_display));
    crate::diag::sort(&mut list);
    crate::diag::phase("validate: across files", t2);
    let site_ok = reload.site_ok;
    Loaded { estate: site_ok.then_some(estate), diags: list, bytes, reload: Some(reload) }
}

/// Reloads after saves to record files that already existed: parses only
/// those files again and puts their records in place of the old ones in
/// `prev` (whose records are reused, not copied, when nothing else holds
/// them); everything else comes from `prev` and `reload`, but the Markdown
/// pages, which are read again. Gives `prev` back when a changed path is not
/// one of the known record files (a new, removed or renamed file, or
/// anything else): the caller then loads everything.
pub fn reload_records(
    source: &Source,
    prev: Estate,
    mut reload: Reload,
    changed: &[PathBuf],
    cache: &Cache,
) -> Result<Loaded, Box<Estate>> {
    let t0 = std::time::Instant::now();
    let canon = |p: &Path| fs::canonicalize(p).ok();
    let known: BTreeMap<PathBuf, usize> =
        reload.files.iter().enumerate().filter_map(|(i, f)| Some((canon(&f.path)?, i))).collect();
    let mut edited = std::collections::BTreeSet::new();
    for p in changed {
        match canon(p).and_then(|c| known.get(&c)) {
            Some(&i) if reload.files[i].path.is_file() => {
                edited.insert(i);
            }
            _ => return Err(Box::new(prev)),
        }
    }
    let site = prev.site;
    let pages = read_pages(source, &site);
    let outs: Vec<(usize, FileOut, u64, Key)> = edited
        .par_iter()
        .map(|&i| {
            let (out, n, key) = load_record_file(&reload.files[i], i, source, &site, &reload.site_text, cache);
            (i, out, n, key)
        })
        .collect();
    let mut records = std::sync::Arc::try_unwrap(prev.records).unwrap_or_else(|shared| (*shared).clone());
    let mut fresh = Records::default();
    for (i, out, n, key) in outs {
        let (r, meta) = out.split(n, key);
        append_all(&mut fresh, r);
        reload.metas[i] = meta;
    }
    let edited = |f: u32| edited.contains(&(f as usize));
    splice(&mut records.tickets, fresh.tickets, |x| x.src.file, edited);
    splice(&mut records.complaints, fresh.complaints, |x| x.src.file, edited);
    splice(&mut records.visits, fresh.visits, |x| x.src.file, edited);
    splice(&mut records.surveys, fresh.surveys, |x| x.src.file, edited);
    splice(&mut records.bills, fresh.bills, |x| x.src.file, edited);
    splice(&mut records.payments, fresh.payments, |x| x.src.file, edited);
    splice(&mut records.inspections, fresh.inspections, |x| x.src.file, edited);
    splice(&mut records.lost_found, fresh.lost_found, |x| x.src.file, edited);
    splice(&mut records.meetings, fresh.meetings, |x| x.src.file, edited);
    splice(&mut records.worklogs, fresh.worklogs, |x| x.src.file, edited);
    crate::diag::phase("load: edited record files only", t0);
    Ok(finish(source, reload, pages, site, prev.households, prev.calendar, records))
}

/// Replaces, in `all` (records in file order), the records of the files for
/// which `edited` holds by `fresh` (those files' new records, in file order).
fn splice<T>(all: &mut Vec<T>, fresh: Vec<T>, file: impl Fn(&T) -> u32, edited: impl Fn(u32) -> bool) {
    let old = std::mem::take(all);
    all.reserve(old.len() + fresh.len());
    let mut fresh = fresh.into_iter().peekable();
    for r in old {
        let f = file(&r);
        while let Some(n) = fresh.next_if(|n| file(n) < f) {
            all.push(n);
        }
        if !edited(f) {
            all.push(r);
        }
    }
    all.extend(fresh);
}

/// Appends one file's records of every kind (see [`append`]).
fn append_all(all: &mut Records, r: Records) {
    append(&mut all.tickets, r.tickets);
    append(&mut all.complaints, r.complaints);
    append(&mut all.visits, r.visits);
    append(&mut all.surveys, r.surveys);
    append(&mut all.bills, r.bills);
    append(&mut all.payments, r.payments);
    append(&mut all.inspections, r.inspections);
    append(&mut all.lost_found, r.lost_found);
    append(&mut all.meetings, r.meetings);
    append(&mut all.worklogs, r.worklogs);
}

/// Appends one file's records; the first file's list is moved, not copied
/// (a single 100 MB tickets.yaml would otherwise exist twice while merging).
fn append<T>(all: &mut Vec<T>, file: Vec<T>) {
    if all.is_empty() {
        *all = file;
    } else {
        all.extend(file);
    }
}

/// Whether `p` is a symlink whose target is outside the content directory (or missing).
fn links_outside(p: &Path, root_canon: &Path) -> bool {
    let is_link = fs::symlink_metadata(p).map(|m| m.file_type().is_symlink()).unwrap_or(false);
    is_link && !fs::canonicalize(p).is_ok_and(|t| t.starts_with(root_canon))
}

type MdFiles = BTreeMap<&'static str, Vec<(String, PathBuf)>>;

/// Stems of every file in roles/, read or not.
fn role_stems(md_files: &MdFiles) -> std::collections::BTreeSet<String> {
    md_files
        .get("roles")
        .into_iter()
        .flatten()
        .filter_map(|(_, p)| p.file_stem().map(|s| s.to_string_lossy().to_string()))
        .collect()
}

/// Parses every Markdown page in parallel; returns roles, notices, bulletins (sorted) and bytes read.
fn parse_pages(md_files: &MdFiles, site: &Site, diags: &mut Diags) -> (Vec<Role>, Vec<Notice>, Vec<Bulletin>, u64) {
    let mut roles = Vec::new();
    let mut notices = Vec::new();
    let mut bulletins = Vec::new();
    let mut bytes = 0;
    for (dir, files) in md_files {
        let parsed: Vec<(Option<MdOut>, Vec<Diagnostic>, u64)> =
            files.par_iter().map(|(display, path)| parse_md(dir, display, path, site)).collect();
        for (out, d, n) in parsed {
            bytes += n;
            diags.extend(d);
            match out {
                Some(MdOut::Role(r)) => roles.push(r),
                Some(MdOut::Notice(n)) => notices.push(n),
                Some(MdOut::Bulletin(b)) => bulletins.push(b),
                None => {}
            }
        }
    }
    bulletins.sort_by_key(|b| b.quarter);
    (roles, notices, bulletins, bytes)
}

/// Files under `static/` (relative paths, sorted), refusing symlinks that leave the content directory.
fn list_static(source: &Source, root_canon: &Path, lang: Lang, diags: &mut Diags) -> Vec<String> {
    let dir = source.dir.join("static");
    let mut out = Vec::new();
    for w in walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
        let p = w.path();
        let r = p.strip_prefix(&dir).unwrap_or(p).to_string_lossy().to_string();
        if r.split('/').any(|c| c.starts_with('.')) {
            continue;
        }
        if w.path_is_symlink() && !outside_ok(p, root_canon, &source.show(&format!("static/{r}")), lang, diags) {
            continue;
        }
        if p.is_file() {
            out.push(r);
        }
    }
    out
}

/// Reloads only the Markdown pages and `static/`, keeping `prev`'s settings,
/// units, calendar and records (shared, not copied). `serve` uses it after a
/// change that touched nothing but notices, roles, bulletins or static files.
pub fn load_pages(source: &Source, prev: &Estate) -> Loaded {
    let t0 = std::time::Instant::now();
    let pages = read_pages(source, &prev.site);
    let estate = Estate {
        site: prev.site.clone(),
        households: prev.households.clone(),
        calendar: prev.calendar.clone(),
        roles: pages.roles,
        notices: pages.notices,
        bulletins: pages.bulletins,
        records: prev.records.clone(),
        static_files: pages.static_files,
        record_stamps: prev.record_stamps.clone(),
    };
    let parsed = validate::Parsed { role_files: pages.role_files, ..Default::default() };
    let mut list = pages.diags;
    list.extend(validate::validate_roles(&estate, &parsed));
    crate::diag::sort(&mut list);
    crate::diag::phase("load: Markdown pages only", t0);
    Loaded { estate: Some(estate), diags: list, bytes: pages.bytes, reload: None }
}

/// A folder's entries sorted by name, dotfiles left out (they are ignored everywhere).
fn visible_entries(dir: &Path) -> Vec<(String, fs::DirEntry)> {
    let Ok(rd) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<(String, fs::DirEntry)> = rd
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().to_string(), e))
        .filter(|(n, _)| !n.starts_with('.'))
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// Refuses a symlink that points outside the content directory.
fn outside_ok(p: &Path, root_canon: &Path, display: &str, lang: Lang, diags: &mut Diags) -> bool {
    if !links_outside(p, root_canon) {
        return true;
    }
    diags.error(
        display,
        Pos::START,
        lang.t("符号链接指向内容目录之外，已拒绝读取", "symlink points outside the content directory: refused"),
    );
    false
}

fn list_md(
    dir: &Path,
    rel: &str,
    source: &Source,
    root_canon: &Path,
    lang: Lang,
    diags: &mut Diags,
) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for (name, e) in visible_entries(dir) {
        let display = source.show(&format!("{rel}/{name}"));
        if !outside_ok(&e.path(), root_canon, &display, lang, diags) {
            continue;
        }
        if e.path().is_file() && name.ends_with(".md") {
            out.push((display, e.path()));
        } else {
            diags.warning(
                &display,
                Pos::START,
                lang.t(
                    format!("`{rel}/` 中只读取 .md 文件，`{name}` 被忽略"),
                    format!("only .md files are read in `{rel}/`: `{name}` is ignored"),
                ),
            );
        }
    }
    out
}

fn list_records(dir: &Path, source: &Source, root_canon: &Path, lang: Lang, diags: &mut Diags) -> Vec<RecordFile> {
    let mut out = Vec::new();
    for (name, m) in visible_entries(dir) {
        let rel = format!("records/{name}");
        let display = source.show(&rel);
        if !outside_ok(&m.path(), root_canon, &display, lang, diags) {
            continue;
        }
        let Some(folder) = Month::parse(&name).filter(|_| m.path().is_dir()) else {
            diags.error_help(
                &display,
                Pos::START,
                lang.t(
                    format!("records/ 下只能有按月命名的文件夹（如 2026-10），`{name}` 不是"),
                    format!("records/ holds only month folders like 2026-10: `{name}` is not one"),
                ),
                None,
            );
            continue;
        };
        for (fname, f) in visible_entries(&m.path()) {
            let frel = format!("{rel}/{fname}");
            let fdisplay = source.show(&frel);
            if !outside_ok(&f.path(), root_canon, &fdisplay, lang, diags) {
                continue;
            }
            match RECORD_FILES.iter().find(|k| **k == fname) {
                Some(kind) if f.path().is_file() => out.push(RecordFile { rel: frel, path: f.path(), folder, kind }),
                Some(_) => diags.error(
                    &fdisplay,
                    Pos::START,
                    lang.t(
                        format!("`{fname}` 应是文件，这里是文件夹"),
                        format!("`{fname}` must be a file, not a folder"),
                    ),
                ),
                _ => {
                    let hint = did_you_mean(&fname, RECORD_FILES.iter().copied());
                    let help = Some(match hint {
                        Some(h) => lang.t(format!("是不是想写 `{h}`？"), format!("did you mean `{h}`?")),
                        None => lang.t(
                            format!("可用的文件名：{}", RECORD_FILES.join(", ")),
                            format!("allowed names: {}", RECORD_FILES.join(", ")),
                        ),
                    });
                    diags.error_help(
                        &fdisplay,
                        Pos::START,
                        lang.t(
                            format!("月份文件夹中不认识的文件 `{fname}`"),
                            format!("unknown file `{fname}` in a month folder"),
                        ),
                        help,
                    );
                }
            }
        }
    }
    out
}

enum MdOut {
    Role(Role),
    Notice(Notice),
    Bulletin(Bulletin),
}

fn parse_md(dir: &str, display: &str, path: &Path, site: &Site) -> (Option<MdOut>, Vec<Diagnostic>, u64) {
    let lang = site.lang;
    let text = match read_text(path, display, lang) {
        Ok(t) => t,
        Err(d) => return (None, vec![d], 0),
    };
    let n = text.len() as u64;
    let mut diags = Diags::default();
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let out = {
        let mut cx = Ctx { path: display, lang, diags: &mut diags };
        md_inner(dir, &text, &stem, site, &mut cx)
    };
    (out, diags.list, n)
}

fn md_inner(dir: &str, text: &str, stem: &str, site: &Site, cx: &mut Ctx) -> Option<MdOut> {
    let (fm, body) = match split_front_matter(text) {
        Ok(x) => x,
        Err((zh, en)) => {
            cx.err(Pos::START, zh, en);
            return None;
        }
    };
    let tree = match fm.as_deref().map(yaml::parse_tree) {
        None => None,
        Some(Err(e)) => {
            yaml_error(cx, e);
            return None;
        }
        Some(Ok(t)) => t,
    };
    if dir == "bulletins" {
        let Some(q) = Quarter::parse(stem) else {
            cx.err_help(
                Pos::START,
                format!("简报文件名 `{stem}.md` 应为季度，例如 2026-Q3.md"),
                format!("bulletin file `{stem}.md` must be named for a quarter, e.g. 2026-Q3.md"),
                None,
            );
            return None;
        };
        return parse::bulletin(tree.as_ref(), cx, q, body).map(MdOut::Bulletin);
    }
    let Some(tree) = tree else {
        cx.err_help(
            Pos::START,
            "缺少 front matter：文件应以 --- 开头的元数据块开始".into(),
            "missing front matter: the file must start with a --- block".into(),
            None,
        );
        return None;
    };
    if dir == "roles" {
        parse::role(&tree, cx, stem, body).map(MdOut::Role)
    } else {
        parse::notice(&tree, cx, site, stem, body).map(MdOut::Notice)
    }
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
        Err((zh, _)) => return vec![Diagnostic::error(kind, Pos::START, zh)],
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
        _ => {
            let ru = Rules { site: &site, folder: Month { year: 2026, month: 10 }, file: 0 };
            parse_record_file(kind, &text, kind, &ru).diags
        }
    }
}
