//! Personal information: masking for internal pages, and the guard that
//! keeps it off the public site whatever the templates say.
//!
//! The guard does not trust templates. Before anything is published, every
//! public page is scanned (a one-off build scans each notice page as it is
//! rendered, before writing it into its own temporary folder, which is
//! discarded on a leak) for every personal value in the
//! loaded records (docs/records.md, "Personal information"): phones and units as
//! whole tokens, names of two or more characters and free text of six or
//! more as substrings. Values staff publish on purpose in public Markdown or
//! site.yaml are exempt (a 装修公示 names its unit).
//!
//! Each file is first decoded once — HTML entities of every form (`&#39;`,
//! `&#x27;`, `&amp;`, `&quot;`, `&lt;`, named and numeric), then JSON string
//! escapes where there are backslashes, and gzip for `.gz` files — and raw
//! values are matched in the decoded text: no escaping of a template, an
//! attribute, inline SVG, embedded JSON or a search index can hide a value.

// FxHash: the guard indexes every personal value of the estate.
use crate::i18n::tr;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use aho_corasick::{AhoCorasick, MatchKind};

use crate::diag::Code;
use crate::diag::{Diagnostic, Pos};
use crate::incremental::Fingerprint;
use crate::records::{Estate, Src};
use crate::site::Rendered;

pub use crate::records::mask::{mask_digits, mask_name};

/// Splits text into whole tokens: maximal runs of ASCII letters, digits and `-`.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).filter(|t| !t.is_empty())
}

#[derive(Clone, Copy, Debug)]
enum What {
    Name,
    Phone,
    Unit,
    Text,
}

#[derive(Clone, Debug)]
struct Value {
    what: What,
    src: Src,
}

/// The texts of a public file to scan: its HTML entities decoded once, and
/// that again with JSON string escapes (`\"`, `\n`, `\u0027`) undone when
/// it has any. A `.gz` file is decompressed first; a file that is not UTF-8
/// is read lossily (a value is UTF-8, so its bytes still match).
fn scan_texts(page: &crate::site::Page) -> Vec<String> {
    let unzipped;
    let bytes: &[u8] = if page.path.ends_with(".gz") {
        let mut out = Vec::new();
        unzipped = io_read(flate2::read::MultiGzDecoder::new(&page.bytes[..]), &mut out).map(|()| out);
        unzipped.as_deref().unwrap_or(&page.bytes)
    } else {
        &page.bytes
    };
    let raw = String::from_utf8_lossy(bytes);
    let decoded = html_escape::decode_html_entities(&raw).into_owned();
    let mut texts = Vec::with_capacity(2);
    if decoded.contains('\\') {
        texts.push(json_unescape(&decoded));
    }
    texts.push(decoded);
    texts
}

fn io_read(mut r: impl std::io::Read, out: &mut Vec<u8>) -> std::io::Result<()> {
    r.read_to_end(out).map(|_| ())
}

/// Undoes JSON string escapes anywhere in `s` (`\"` `\\` `\/` `\n` `\r` `\t`
/// `\b` `\f` `\uXXXX`, surrogate pairs included); other text is kept.
fn json_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let hex4 = |it: &mut std::iter::Peekable<std::str::Chars>| -> Option<u32> {
        let h: String = (0..4).filter_map(|_| it.next_if(char::is_ascii_hexdigit)).collect();
        (h.len() == 4).then(|| u32::from_str_radix(&h, 16).ok()).flatten()
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let Some(hi) = hex4(&mut chars) else { continue };
                let code = if (0xD800..0xDC00).contains(&hi) {
                    let mut look = chars.clone();
                    match (look.next(), look.next(), hex4(&mut look)) {
                        (Some('\\'), Some('u'), Some(lo)) if (0xDC00..0xE000).contains(&lo) => {
                            chars = look;
                            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                        }
                        _ => hi,
                    }
                } else {
                    hi
                };
                out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Adds `v` to the whole-token values unless it is there already (the first record keeps it) or is no single token of 4+ characters.
fn add_token(map: &mut HashMap<String, Value>, v: &str, what: What, src: Src) {
    let v = v.trim();
    let key: std::borrow::Cow<str> = match what {
        What::Phone if v.contains(' ') => v.replace(' ', "").into(),
        _ => v.into(),
    };
    if !map.contains_key(key.as_ref()) && key.chars().count() >= 4 && tokens(&key).count() == 1 {
        map.insert(key.into_owned(), Value { what, src });
    }
}

/// The units of bills and payments as whole-token values (most of an estate's
/// records), with what they were read from: the record file list (a value
/// names its file by index) and each fee file's path and content hash.
type FeeTokens = (Fingerprint, HashMap<String, Value>);

/// Every personal value in the records, keyed by its text. The units of
/// bills and payments are taken from `fees` while no fee file changed.
fn personal_values(e: &Estate, fees: &mut Option<FeeTokens>) -> (HashMap<String, Value>, HashMap<String, Value>) {
    let mut tok_map: HashMap<String, Value> = HashMap::default();
    let mut texts: HashMap<String, Value> = HashMap::default();
    let mut tok = |v: &str, what: What, src: Src| add_token(&mut tok_map, v, what, src);
    let r = &e.records;
    for t in &r.tickets {
        if let Some(u) = &t.unit {
            tok(&u.value, What::Unit, t.src);
        }
        if let Some(p) = &t.phone {
            tok(p, What::Phone, t.src);
        }
    }
    for c in &r.complaints {
        if let Some(u) = &c.unit {
            tok(&u.value, What::Unit, c.src);
        }
        if let Some(p) = &c.phone {
            tok(p, What::Phone, c.src);
        }
    }
    for v in &r.visits {
        tok(&v.unit.value, What::Unit, v.src);
    }
    for s in &r.surveys {
        if let Some(u) = &s.unit {
            tok(&u.value, What::Unit, s.src);
        }
    }
    let key = e.file_stamps().map(|files| {
        let fee_files: Vec<_> = files.filter(|(path, _)| path.ends_with("fees.yaml")).collect();
        Fingerprint::of_hash(&(&r.files, fee_files))
    });
    if key.is_none() || fees.as_ref().map(|f| f.0) != key {
        let mut map = HashMap::default();
        for b in &r.bills {
            add_token(&mut map, &b.unit.value, What::Unit, b.src);
        }
        for p in &r.payments {
            add_token(&mut map, &p.unit.value, What::Unit, p.src);
        }
        *fees = Some((key.unwrap_or_default(), map));
    }
    // Bills and payments come after the other records: a value they share keeps the other record.
    for (k, v) in fees.iter().flat_map(|f| &f.1) {
        if !tok_map.contains_key(k) {
            tok_map.insert(k.clone(), v.clone());
        }
    }
    if key.is_none() {
        *fees = None;
    }
    let mut text = |v: &str, what: What, src: Src| {
        let v = v.trim();
        let min = if matches!(what, What::Name) { 2 } else { 6 };
        if !texts.contains_key(v) && v.chars().count() >= min {
            texts.insert(v.to_string(), Value { what, src });
        }
    };
    for t in &r.tickets {
        text(&t.description, What::Text, t.src);
        if let Some(n) = &t.reporter {
            text(n, What::Name, t.src);
        }
    }
    for c in &r.complaints {
        text(&c.description, What::Text, c.src);
        if let Some(n) = &c.complainant {
            text(n, What::Name, c.src);
        }
    }
    for v in &r.visits {
        if let Some(n) = &v.notes {
            text(n, What::Text, v.src);
        }
    }
    for s in &r.surveys {
        if let Some(n) = &s.comment {
            text(n, What::Text, s.src);
        }
    }
    for m in &r.meetings {
        if let Some(n) = &m.notes {
            text(n, What::Text, m.src);
        }
    }
    for w in &r.worklogs {
        if let Some(n) = &w.notes {
            text(n, What::Text, w.src);
        }
    }
    for l in &r.lost_found {
        if let Some(n) = &l.claimed_by {
            text(n, What::Name, l.src);
        }
    }
    (tok_map, texts)
}

/// Text staff publish on purpose: public Markdown (notices, roles, bulletins) and site.yaml values.
fn published_text(e: &Estate) -> String {
    let mut s = String::new();
    let site = &e.site;
    for v in [&site.name, &site.estate, &site.base_url, &site.service_phone] {
        s.push_str(v);
        s.push('\n');
    }
    for n in e.notices.iter().filter(|n| !n.draft) {
        for v in [&n.title, &n.body] {
            s.push_str(v);
            s.push('\n');
        }
        for a in &n.affects {
            s.push_str(a);
            s.push('\n');
        }
        if let Some(i) = &n.issuer {
            s.push_str(i);
            s.push('\n');
        }
    }
    for r in &e.roles {
        for v in [&r.title, &r.department, &r.body] {
            s.push_str(v);
            s.push('\n');
        }
    }
    for b in &e.bulletins {
        s.push_str(&b.body);
        s.push('\n');
        if let Some(t) = &b.title {
            s.push_str(t);
            s.push('\n');
        }
    }
    s
}

/// Scans every public page; each personal value found is one error naming the page and the record.
///
/// `public_root` is the display path of the public site (e.g. `output/public`).
pub fn guard(e: &Estate, rendered: &Rendered, public_root: &str) -> Vec<Diagnostic> {
    guard_with(e, rendered, public_root, &mut Values::one_off())
}

/// The personal values of one set of records, kept by `serve` between
/// rebuilds (indexing a large estate's values costs more than scanning its
/// pages), with what each public page was found to hold.
#[derive(Default)]
pub struct Values {
    /// Which records they were indexed from (see [`records_id`]).
    records: Option<Fingerprint>,
    tokens: HashMap<String, Value>,
    texts: HashMap<String, Value>,
    /// Every free text, for scanning decoded pages.
    search: Option<AhoCorasick>,
    /// Every free text once, for finding the ones staff published themselves.
    exemptions: Option<AhoCorasick>,
    owners: Vec<String>,
    /// The set of free texts the automatons were built from: an edit that
    /// adds or removes none (most record edits) keeps them.
    owner_set: Fingerprint,
    /// Order-independent sums of the texts' and of the tokens' fingerprints (see [`set_sum`]).
    text_sum: u128,
    token_sum: u128,
    /// The units of bills and payments, kept while no fee file changes.
    fee_tokens: Option<FeeTokens>,
    /// What a page's scan found depends on (the values searched for, after exemptions).
    scanned_for: Fingerprint,
    /// Per public page: the fingerprint of its bytes and the values found in it.
    scanned: HashMap<String, (Fingerprint, Vec<Found>)>,
    /// A one-off build scans every page once: it remembers nothing (and hashes no page).
    throwaway: bool,
}

/// A value found on a page: whether it is a whole token (else free text), and its text.
type Found = (bool, String);

/// The wrapping sum of the strings' fingerprints: a fingerprint of the set
/// that does not depend on order, and from which a subset's can be subtracted.
fn set_sum<'a>(items: impl Iterator<Item = &'a str>) -> u128 {
    items.fold(0u128, |sum, s| sum.wrapping_add(Fingerprint::of(&[s.as_bytes()]).0))
}

impl Values {
    /// For a one-off build: nothing is kept for a next run.
    pub fn one_off() -> Values {
        Values { throwaway: true, ..Values::default() }
    }

    /// Indexes `e`'s values unless they were indexed from the same records;
    /// rebuilds the automatons only when the set of free texts changed.
    fn refresh(&mut self, e: &Estate) {
        let id = records_id(e);
        if id.is_some() && self.records == id {
            return;
        }
        let mut fee_tokens = if self.throwaway { None } else { self.fee_tokens.take() };
        let (tokens, texts) = personal_values(e, &mut fee_tokens);
        let text_sum = set_sum(texts.keys().map(String::as_str));
        let owner_set = Fingerprint::of(&[&text_sum.to_le_bytes(), &(texts.len() as u64).to_le_bytes()]);
        if self.throwaway || self.owner_set != owner_set || self.owners.len() != texts.len() {
            let mut owners: Vec<String> = texts.keys().cloned().collect();
            owners.sort();
            let exemptions = if owners.is_empty() { None } else { AhoCorasick::new(&owners).ok() };
            let search = if owners.is_empty() {
                None
            } else {
                AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&owners).ok()
            };
            (self.owners, self.search, self.exemptions, self.owner_set) = (owners, search, exemptions, owner_set);
        }
        self.token_sum = set_sum(tokens.keys().map(String::as_str));
        (self.records, self.tokens, self.texts, self.text_sum, self.fee_tokens) =
            (id, tokens, texts, text_sum, fee_tokens);
    }
}

/// Identifies an estate's records by each record file's path and content
/// hash (`None` when unknown: then nothing is reused). Not by pointer: `serve`
/// re-uses the records' memory after an edit.
fn records_id(e: &Estate) -> Option<Fingerprint> {
    e.file_stamps().map(|f| crate::incremental::Stamps::of(f).fingerprint())
}

/// [`guard`], reusing `values` when they were indexed from the same records,
/// and a page's last scan when its bytes and the values searched for are the same.
pub fn guard_with(e: &Estate, rendered: &Rendered, public_root: &str, values: &mut Values) -> Vec<Diagnostic> {
    let remember = !values.throwaway;
    let mut last = std::mem::take(&mut values.scanned);
    let last_for = values.scanned_for;
    let Some(scanner) = Scanner::new(e, values) else {
        values.scanned = last;
        return Vec::new();
    };
    let scanned_for = scanner.scanned_for;
    if scanned_for != last_for {
        last.clear();
    }
    // Pages are scanned in parallel; each page's hits keep page order, so the report is stable.
    use rayon::prelude::*;
    let scans: Vec<(&str, Option<Fingerprint>, Scan)> = rendered
        .public
        .par_iter()
        .map(|page| {
            let print = remember.then(|| Fingerprint::of(&[&page.bytes]));
            let found = match (print, last.get(&page.path)) {
                (Some(f), Some((g, found))) if f == *g => Scan(found.clone()),
                _ => scanner.scan(page),
            };
            (page.path.as_str(), print, found)
        })
        .collect();
    let out = scanner.report(e, public_root, scans.iter().map(|(path, _, found)| (*path, found)));
    if remember {
        values.scanned_for = scanned_for;
        values.scanned =
            scans.into_iter().filter_map(|(path, print, found)| Some((path.to_string(), (print?, found.0)))).collect();
    }
    out
}

/// The guard, ready to scan public pages one at a time: [`guard_with`]
/// scans rendered sites with it, and a one-off build each page as it is
/// rendered, before it is written to the build's temporary folder (which
/// nobody sees until the swap, and which a leak discards).
pub struct Scanner<'v> {
    tokens: Searched<'v>,
    texts: Searched<'v>,
    search: Option<&'v AhoCorasick>,
    owners: &'v [String],
    /// What a page's scan depends on (the values searched for, after exemptions).
    scanned_for: Fingerprint,
}

/// The personal values found on one page.
#[derive(Clone, Debug, Default)]
pub struct Scan(Vec<Found>);

impl Scan {
    /// Whether the page holds no personal value.
    pub fn is_clean(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'v> Scanner<'v> {
    /// Indexes `e`'s personal values into `values` (unless they are already)
    /// and leaves out those staff published themselves; `None` when nothing
    /// is left to look for.
    pub fn new(e: &Estate, values: &'v mut Values) -> Option<Scanner<'v>> {
        values.refresh(e);
        let values: &'v Values = values;
        if values.tokens.is_empty() && values.texts.is_empty() {
            return None;
        }
        let published = published_text(e);
        // Values staff published themselves are not searched for: those whole
        // tokens and free texts are left out (not copied into maps of the rest).
        let excluded: HashSet<&'v str> =
            tokens(&published).filter_map(|t| values.tokens.get_key_value(t)).map(|(k, _)| k.as_str()).collect();
        // Which free texts staff published themselves: one pass over the published text, not one search per value.
        let exempt: HashSet<&'v str> = match &values.exemptions {
            Some(ac) => {
                ac.find_overlapping_iter(&published).map(|m| values.owners[m.pattern().as_usize()].as_str()).collect()
            }
            None => HashSet::default(),
        };
        if values.tokens.len() == excluded.len() && values.texts.len() == exempt.len() {
            return None;
        }
        let sum_of = |set: &HashSet<&str>| set_sum(set.iter().copied());
        let (tokens_left, texts_left) =
            (values.token_sum.wrapping_sub(sum_of(&excluded)), values.text_sum.wrapping_sub(sum_of(&exempt)));
        // (Leftmost-longest matching depends on every free text searched for, exempt ones included.)
        let scanned_for = Fingerprint::of(&[
            &values.owner_set.0.to_le_bytes(),
            &tokens_left.to_le_bytes(),
            &((values.tokens.len() - excluded.len()) as u64).to_le_bytes(),
            &texts_left.to_le_bytes(),
            &((values.texts.len() - exempt.len()) as u64).to_le_bytes(),
        ]);
        Some(Scanner {
            tokens: Searched { map: &values.tokens, left_out: excluded },
            texts: Searched { map: &values.texts, left_out: exempt },
            search: values.search.as_ref(),
            owners: &values.owners,
            scanned_for,
        })
    }

    /// The personal values on `page`.
    pub fn scan(&self, page: &crate::site::Page) -> Scan {
        Scan(scan_page(page, &self.tokens, &self.texts, self.search, self.owners))
    }

    /// One error per value found, pages in path order (whatever order `scans` come in).
    pub fn report<'a>(
        &self,
        e: &Estate,
        public_root: &str,
        scans: impl Iterator<Item = (&'a str, &'a Scan)>,
    ) -> Vec<Diagnostic> {
        let mut scans: Vec<(&str, &Scan)> = scans.filter(|(_, s)| !s.is_clean()).collect();
        scans.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = Vec::new();
        for (path, found) in scans {
            for (token, k) in &found.0 {
                let hit =
                    if *token { self.tokens.get_key_value(k.as_str()) } else { self.texts.get_key_value(k.as_str()) };
                if let Some((k, v)) = hit {
                    out.push(leak(e, public_root, path, k, v));
                }
            }
        }
        out
    }
}

/// The values searched for: those of `map` but the ones `left_out`.
struct Searched<'a> {
    map: &'a HashMap<String, Value>,
    left_out: HashSet<&'a str>,
}

impl<'a> Searched<'a> {
    fn get_key_value(&self, k: &str) -> Option<(&'a str, &'a Value)> {
        self.map.get_key_value(k).filter(|(k, _)| !self.left_out.contains(k.as_str())).map(|(k, v)| (k.as_str(), v))
    }
    fn is_empty(&self) -> bool {
        self.map.len() == self.left_out.len()
    }
}

/// The personal values on one public page, in the order they are found (each once).
fn scan_page(
    page: &crate::site::Page,
    tok_values: &Searched,
    text_values: &Searched,
    ac: Option<&AhoCorasick>,
    owners: &[String],
) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::default();
    for body in scan_texts(page) {
        if !tok_values.is_empty() {
            for t in tokens(&body) {
                if let Some((k, _)) = tok_values.get_key_value(t)
                    && seen.insert(k)
                {
                    found.push((true, k.to_string()));
                }
            }
        }
        if let Some(ac) = ac.filter(|_| !text_values.is_empty()) {
            for m in ac.find_iter(&body) {
                let k = owners[m.pattern().as_usize()].as_str();
                if let Some((k, _)) = text_values.get_key_value(k)
                    && seen.insert(k)
                {
                    found.push((false, k.to_string()));
                }
            }
        }
    }
    found
}

/// The error for personal value `k` (from record `v`) found on public page `path`.
fn leak(e: &Estate, public_root: &str, path: &str, k: &str, v: &Value) -> Diagnostic {
    let lang = e.site.lang;
    let file = e.records.files.get(v.src.file as usize).cloned().unwrap_or_default();
    let kind = match v.what {
        What::Name => tr!(lang, "姓名", "a name"),
        What::Phone => tr!(lang, "电话", "a phone number"),
        What::Unit => tr!(lang, "房号", "a unit"),
        What::Text => tr!(lang, "个人描述文字", "personal free text"),
    };
    let shown = match v.what {
        What::Name => mask_name(k),
        What::Text => k.chars().take(6).collect::<String>() + "…",
        _ => mask_digits(k),
    };
    Diagnostic::new(
        Code::PersonalData,
        format!("{public_root}/{path}"),
        Pos::START,
        tr!(
            lang,
            format!("公开页面包含个人信息（{kind}「{shown}」，来自 {file}:{}）", v.src.pos.line),
            format!("public page contains personal information ({kind} \"{shown}\", from {file}:{})", v.src.pos.line)
        ),
    )
    .with_help(tr!(
        lang,
        "公开站点只能显示汇总数据：检查主题模板是否输出了记录字段",
        "the public site shows aggregates only: check the theme's templates for record fields"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_phones_and_short_numbers() {
        assert_eq!(mask_digits("13812345678"), "138****5678");
        assert_eq!(mask_digits("电话 138-1234-5678 已回访"), "电话 138-****-5678 已回访");
        assert_eq!(mask_digits("0571 8888 0000"), "057* **** 0000");
        assert_eq!(mask_digits("1234567"), "***4567");
        assert_eq!(mask_digits("房号 3-2-1502"), "房号 3-2-1502");
        assert_eq!(mask_name("张建国"), "张*");
    }

    #[test]
    fn every_escape_form_is_decoded() {
        let page = |path: &str, text: &str| crate::site::Page { path: path.into(), bytes: text.as_bytes().to_vec() };
        let all = |p| scan_texts(&p).join("\u{0}");
        let v = "业主's \"厨房\" & <水管>";
        for form in [
            "业主&#39;s &quot;厨房&quot; &amp; &lt;水管&gt;",
            "业主&#x27;s &#34;厨房&#x22; &#38; &#60;水管&#62;",
            "业主&apos;s &quot;厨房&quot; &AMP; &LT;水管&GT;",
            "{\"d\":\"业主's \\\"厨房\\\" \\u0026 \\u003c水管>\"}",
        ] {
            assert!(all(page("a.html", form)).contains(v), "{form}");
        }
        assert!(all(page("i.json", "[\"第一行\\n第二行 \\ud83d\\ude00\"]")).contains("第一行\n第二行 😀"));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, "业主&#39;s".as_bytes()).unwrap();
        let bytes = gz.finish().unwrap();
        assert!(scan_texts(&crate::site::Page { path: "s.json.gz".into(), bytes }).iter().any(|t| t == "业主's"));
    }

    #[test]
    fn tokens_are_whole() {
        let t: Vec<&str> = tokens("房号3-2-1502，13-2-15021").collect();
        assert_eq!(t, vec!["3-2-1502", "13-2-15021"]);
    }
}
