//! Search (搜索) for the public site: a small index of character bigrams
//! with positions, written by wuye, read by `assets/search.js`.
//!
//! Why not Pagefind: measured on the 2-core build machine, Pagefind 1.6
//! takes 1.0 s and 160 MB for 1,000 notices and 11 s and 1.5 GB for 10,000,
//! over this project's budgets (0.5 s / 200 MB; 2× the build), and its
//! Chinese matching drops absent words ("业主大会" lists every page with
//! 业主). This index costs a fraction of the render (README has figures) and
//! its positions let the browser tell an exact phrase from scattered words.
//!
//! What is indexed is taken from the rendered public pages, never from the
//! records: the text of elements marked `data-search` in the templates, with
//! the page's `og:title`, `article:section` and `article:published_time`.
//! So drafts, unpublished notices and the internal site (which is never
//! passed here) cannot be indexed, and the index files are ordinary public
//! output that the privacy guard scans.
//!
//! Files (`search/`): `i/<n>.json` — term → postings, sharded by a hash of
//! the term so a query fetches only the shards of its terms; a long list is
//! cut into `c/<f>-<j>.json` chunks and its shard entry says what each costs
//! (`{"f", "d": pages, "u": last page of each chunk, "b": bytes of each}`),
//! so the browser knows every price before it pays it (`search.js` keeps a
//! query within a byte budget, rarest term first);
//! `d/<n>.json` — `[path, title, type, date, page bytes]` of [`DOC_CHUNK`]
//! documents each. A posting list is a flat array
//! `[doc delta, count, position deltas…]…`; documents are numbered newest
//! first, so "newest first" is "smallest id".
//!
//! Tokens (the same rules are in `search.js`): a run of ASCII letters and
//! digits is one lower-cased word; any other letter or digit (汉字) is one
//! token; anything else is a gap. Terms: every word, every pair of adjacent
//! 汉字 (bigram), and a 汉字 at either end of its run (so "3栋" finds
//! "3栋电梯"). Title positions start at 0, body positions at [`BODY`].

use rustc_hash::FxHashMap as HashMap;

use memchr::memmem;
use rayon::prelude::*;
use serde::Serialize;

use super::strings::tr;
use super::theme::Theme;
use super::{Ctx, Which, format};
use crate::diag::Diagnostic;
use crate::i18n::Lang;
use crate::site::{Page, Rendered};

/// Documents per `d/<n>.json` file (about 3 KB): a result costs its row's file.
pub const DOC_CHUNK: usize = 20;
/// The first position of a page's body (titles are shorter).
pub const BODY: u32 = 100_000;
/// Target size of one index shard: small, because a query pays one shard
/// per term before it knows which of its terms is rare.
const SHARD_BYTES: usize = 8_000;
/// A posting list longer than this (about 4 KB of JSON) is cut into chunks.
pub const INLINE_NUMS: usize = 1_000;
/// Numbers in one chunk of a term's postings (about 7 KB of JSON): a term
/// found on thousands of pages (物业) is cut into chunks, newest pages first,
/// so a query reads the chunks it can afford, never a whole list.
pub const CHUNK_NUMS: usize = 2_000;
/// Pages tokenized at a time while the index is built (bounds the memory of
/// the terms waiting to be merged).
const TERM_BATCH: usize = 512;
/// Parts the postings are merged in, side by side (terms split by code).
const MERGE_PARTS: usize = 4;

/// What the search page needs to read the index.
#[derive(Clone, Debug, Default, Serialize)]
pub struct IndexInfo {
    /// Documents indexed.
    pub docs: usize,
    /// Index shards (`i/0.json` … `i/<shards-1>.json`).
    pub shards: usize,
    /// Documents per `d/` file.
    pub chunk: usize,
    /// First body position.
    pub body: u32,
    /// Bytes of the largest shard: the price of one before it is fetched.
    pub shard_max: usize,
    /// Bytes of the largest `d/` file, for the same reason.
    pub rows_max: usize,
}

/// A term without an allocation for the common case: one or two 汉字
/// packed into an integer (`c1 << 21 | c2`; `c2` = 0 for one), or a word.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    Han(u64),
    Word(String),
}

impl Key {
    fn text(&self) -> String {
        match self {
            Key::Han(k) => {
                let (a, b) = ((k >> 21) as u32, (k & 0x1f_ffff) as u32);
                [a, b].into_iter().filter(|c| *c != 0).filter_map(char::from_u32).collect()
            }
            Key::Word(w) => w.clone(),
        }
    }
}

/// One indexed page.
#[derive(Debug)]
struct Doc {
    path: String,
    title: String,
    kind: String,
    date: String,
    date_shown: String,
    /// The page's size: what reading it for an excerpt costs the browser.
    bytes: usize,
}

/// Chinese punctuation (，。、“”：；（）…), the commonest non-汉字 in a
/// notice: known to be a gap without the Unicode table lookup (a test checks
/// every char of these ranges against `char::is_alphanumeric`).
fn is_cjk_punctuation(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{2027}' | '\u{3000}'..='\u{3004}' | '\u{3008}'..='\u{3020}' | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}')
}

/// One page's terms, each once with its positions (ascending), already
/// split into the [`MERGE_PARTS`] the postings are merged in. A code is a
/// [`Key::Han`] value, or [`WORD`] plus the index of a word in `words`.
#[derive(Default)]
struct PageTerms {
    /// Per merge part: `(code, first index in pos, count)`.
    parts: [Vec<(u64, u32, u32)>; MERGE_PARTS],
    pos: Vec<u32>,
    words: Vec<String>,
}

/// The code bit of a word (a Han key never reaches it: two chars, 42 bits).
const WORD: u64 = 1 << 63;

/// One page's term occurrences in text order, before grouping: each term
/// numbered on first sight (`codes[i]` is term `i`), with its count.
struct Occurrences<'s> {
    /// `(term number, position)`.
    at: Vec<(u32, u32)>,
    codes: Vec<u64>,
    count: Vec<u32>,
    /// Code → term number; the map is the thread's, cleared per page.
    ids: &'s mut HashMap<u64, u32>,
    words: Vec<String>,
    word_ids: HashMap<String, u64>,
}

impl<'s> Occurrences<'s> {
    fn new(ids: &'s mut HashMap<u64, u32>, capacity: usize) -> Self {
        ids.clear();
        let (codes, count, words, word_ids) = Default::default();
        Occurrences { at: Vec::with_capacity(capacity), codes, count, ids, words, word_ids }
    }

    fn push(&mut self, code: u64, pos: u32) {
        let n = self.codes.len() as u32;
        let i = *self.ids.entry(code).or_insert(n);
        if i == n {
            self.codes.push(code);
            self.count.push(0);
        }
        self.count[i as usize] += 1;
        self.at.push((i, pos));
    }

    fn word(&mut self, w: &str, pos: u32) {
        let id = match self.word_ids.get(w) {
            Some(&id) => id,
            None => {
                let id = self.words.len() as u64;
                self.word_ids.insert(w.to_string(), id);
                self.words.push(w.to_string());
                id
            }
        };
        self.push(WORD | id, pos);
    }

    fn han(&mut self, c: char, pos: u32) {
        self.push(c as u64, pos);
    }

    fn pair(&mut self, a: char, b: char, pos: u32) {
        self.push((a as u64) << 21 | b as u64, pos);
    }
}

/// Text to term occurrences in one pass (see the module doc for the rules):
/// a run of ASCII letters and digits is one word; any other letter or digit
/// is a 汉字 token; anything else is a gap. Each 汉字 gives the pair with the
/// next one when it is adjacent, and itself when it is at either end of its
/// run. `prev` is the last 汉字 not yet settled: its character, position,
/// and whether a 汉字 came right before it.
struct Scan<'a, 's> {
    occ: &'a mut Occurrences<'s>,
    prev: Option<(char, u32, bool)>,
    word: String,
}

impl Scan<'_, '_> {
    /// Scans `text` with positions from `start`.
    fn text(&mut self, text: &str, start: u32) {
        let mut pos = start;
        let mut gap = true;
        for c in text.chars() {
            if c.is_ascii_alphanumeric() {
                self.word.push(c.to_ascii_lowercase());
                continue;
            }
            if !self.word.is_empty() {
                self.end_word(pos);
                pos += 1;
                gap = false;
            }
            // The CJK Unified Ideographs block (all letters) without the Unicode table lookup.
            if ('\u{4e00}'..='\u{9fef}').contains(&c) || (!is_cjk_punctuation(c) && c.is_alphanumeric()) {
                self.han(c, pos);
                pos += 1;
                gap = false;
            } else if !gap {
                pos += 1;
                gap = true;
            }
        }
        if !self.word.is_empty() {
            self.end_word(pos);
        }
    }

    fn han(&mut self, c: char, pos: u32) {
        match self.prev {
            Some((a, at, after_han)) if at + 1 == pos => {
                self.occ.pair(a, c, at);
                if !after_han {
                    self.occ.han(a, at);
                }
                self.prev = Some((c, pos, true));
            }
            _ => {
                self.settle();
                self.prev = Some((c, pos, false));
            }
        }
    }

    fn end_word(&mut self, pos: u32) {
        self.settle();
        let w = std::mem::take(&mut self.word);
        self.occ.word(&w, pos);
        self.word = w;
        self.word.clear();
    }

    /// The last 汉字 has no 汉字 after it: it ends its run.
    fn settle(&mut self) {
        if let Some((a, at, _)) = self.prev.take() {
            self.occ.han(a, at);
        }
    }
}

/// The term occurrences of a page's title (from position 0) and marked text (from [`BODY`]).
fn occurrences<'s>(title: &str, body: &str, ids: &'s mut HashMap<u64, u32>) -> Occurrences<'s> {
    let mut occ = Occurrences::new(ids, body.len());
    let mut scan = Scan { occ: &mut occ, prev: None, word: String::new() };
    scan.text(title, 0);
    scan.text(body, BODY);
    scan.settle();
    occ
}

/// Groups a page's occurrences by term, keeping text order within a term
/// (so positions ascend): a counting sort over the term numbers, a few
/// times cheaper than sorting the pairs (one page: ~2,000 pairs, ~700 terms).
fn group(occ: Occurrences) -> PageTerms {
    let mut fill: Vec<u32> = occ
        .count
        .iter()
        .scan(0u32, |s, c| {
            let start = *s;
            *s += c;
            Some(start)
        })
        .collect();
    let mut t = PageTerms { pos: vec![0; occ.at.len()], words: occ.words, ..PageTerms::default() };
    for (i, &code) in occ.codes.iter().enumerate() {
        let part = if code & WORD != 0 {
            shard_of(&t.words[(code & !WORD) as usize], MERGE_PARTS)
        } else {
            (code as usize) % MERGE_PARTS
        };
        t.parts[part].push((code, fill[i], occ.count[i]));
    }
    for &(k, p) in &occ.at {
        t.pos[fill[k as usize] as usize] = p;
        fill[k as usize] += 1;
    }
    t
}

/// Finds `<meta property="NAME" content="` in a page; made once, not once per page.
struct MetaFinder(memmem::Finder<'static>);

impl MetaFinder {
    fn new(name: &str) -> MetaFinder {
        MetaFinder(memmem::Finder::new(format!("<meta property=\"{name}\" content=\"").as_bytes()).into_owned())
    }

    /// The value of the page's `<meta property="NAME" content="…">`.
    fn value<'a>(&self, html: &'a [u8]) -> Option<&'a str> {
        let rest = &html[self.0.find(html)? + self.0.needle().len()..];
        let end = memchr::memchr(b'"', rest)?;
        std::str::from_utf8(&rest[..end]).ok()
    }
}

/// The searchers every page goes through: the mark and the three `meta` tags.
struct Finders {
    mark: memmem::Finder<'static>,
    title: MetaFinder,
    section: MetaFinder,
    published: MetaFinder,
}

static FINDERS: std::sync::LazyLock<Finders> = std::sync::LazyLock::new(|| Finders {
    mark: memmem::Finder::new(MARK),
    title: MetaFinder::new("og:title"),
    section: MetaFinder::new("article:section"),
    published: MetaFinder::new("article:published_time"),
});

/// Decodes the entities Tera and pulldown-cmark write.
fn decode(s: &str) -> String {
    let mut out = String::new();
    decode_into(&mut out, s);
    out
}

/// [`decode`] appended to `out` (no string per text run).
fn decode_into(out: &mut String, s: &str) {
    if !s.contains('&') {
        out.push_str(s);
        return;
    }
    out.reserve(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|e| *e <= 10);
        let ent = end.map(|e| &rest[1..e]);
        let ch = match ent {
            Some("amp") => Some('&'),
            Some("lt") => Some('<'),
            Some("gt") => Some('>'),
            Some("quot") => Some('"'),
            Some("apos") => Some('\''),
            Some("nbsp") => Some(' '),
            Some(e) if e.starts_with("#x") || e.starts_with("#X") => {
                u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32)
            }
            Some(e) if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match (ch, end) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// The element name at the start of a tag's text (`span class=…` → `span`).
fn tag_name(tag: &[u8]) -> &[u8] {
    let end = tag.iter().position(|c| !c.is_ascii_alphanumeric()).unwrap_or(tag.len());
    &tag[..end]
}

/// Inline elements: text on both sides of their tags is one run ("请<b>提前</b>储水").
const INLINE: &[&[u8]] =
    &[b"a", b"b", b"strong", b"em", b"i", b"span", b"code", b"small", b"mark", b"time", b"abbr", b"sub", b"sup"];

/// The text of every element carrying a `data-search` attribute, each tag a
/// gap except inline ones; `<svg>`, `<script>` and `<style>` content skipped.
/// It works on bytes (every delimiter is ASCII): only the marked text runs
/// are checked as UTF-8, not the whole page with its head and QR code.
fn marked_text(html: &[u8]) -> String {
    let mut out = String::new();
    let mut from = 0;
    while let Some(i) = FINDERS.mark.find(&html[from..]) {
        let attr = from + i;
        let Some(open) = memchr::memrchr(b'<', &html[..attr]) else { break };
        let name = tag_name(&html[open + 1..]);
        let Some(gt) = memchr::memchr(b'>', &html[attr..]) else { break };
        let mut pos = attr + gt + 1;
        let mut depth = 1;
        let mut skip: Option<&[u8]> = None;
        while depth > 0 && pos < html.len() {
            let Some(lt) = memchr::memchr(b'<', &html[pos..]) else { break };
            if skip.is_none() {
                // A run that is not UTF-8 cannot come from a rendered template; it is left out.
                if let Ok(run) = simdutf8::basic::from_utf8(&html[pos..pos + lt]) {
                    decode_into(&mut out, run);
                }
            }
            let tag_at = pos + lt;
            let Some(tag_end) = memchr::memchr(b'>', &html[tag_at..]) else { break };
            let tag = &html[tag_at + 1..tag_at + tag_end];
            let closing = tag.first() == Some(&b'/');
            let tname = tag_name(if closing { &tag[1..] } else { tag });
            if tname == name {
                depth += if closing { -1 } else { 1 };
            }
            match skip {
                Some(s) if closing && tname == s => skip = None,
                None if !closing && matches!(tname, b"svg" | b"script" | b"style") => skip = Some(tname),
                _ => {}
            }
            if !INLINE.contains(&tname) {
                out.push('\n');
            }
            pos = tag_at + tag_end + 1;
        }
        out.push('\n');
        from = pos.max(attr + 1);
    }
    out
}

/// The attribute that marks indexed elements in the templates.
const MARK: &[u8] = b" data-search";

/// The indexed content of one page, or `None` when it has nothing marked.
fn doc_of(page: &Page, lang: Lang) -> Option<(Doc, &[u8])> {
    if !page.path.ends_with(".html") {
        return None;
    }
    let html = page.bytes.as_slice();
    let f = &*FINDERS;
    f.mark.find(html)?;
    let title = decode(f.title.value(html).unwrap_or(""));
    let kind = decode(f.section.value(html).unwrap_or(""));
    let date = f.published.value(html).unwrap_or("").to_string();
    let date_shown =
        chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").map(|d| format::date(lang, d)).unwrap_or_default();
    Some((Doc { path: format::encode_path(&page.path), title, kind, date, date_shown, bytes: page.bytes.len() }, html))
}

/// Every term of a page (its title and marked text) with its positions.
fn terms_of_page(title: &str, text: &str, ids: &mut HashMap<u64, u32>) -> PageTerms {
    group(occurrences(title, text, ids))
}

/// What the index reads of a page: the page itself, or (for a page already
/// written) the text [`extract`] kept of it.
enum Body<'a> {
    Html(&'a [u8]),
    Text(String),
}

/// What the index needs of a page that is written as soon as it is rendered
/// (a one-off build's notice pages): its entry and its marked text, about a
/// third of its bytes.
pub struct Extract {
    doc: Doc,
    text: String,
}

/// The index's part of `page`, or `None` when it has no `data-search` mark.
pub fn extract(page: &Page, lang: Lang) -> Option<Extract> {
    doc_of(page, lang).map(|(doc, html)| Extract { doc, text: marked_text(html) })
}

/// FNV-1a over the term's UTF-8 bytes: the shard of a term, here and in `search.js`.
fn shard_of(term: &str, shards: usize) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for b in term.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    (h as usize) % shards
}

/// JSON with `<` and `>` written as `\u003c`/`\u003e`: the same data, but a
/// title quoting `<script>` never looks like markup to anything scanning the site.
fn json(v: &impl Serialize) -> Vec<u8> {
    let s = serde_json::to_string(v).unwrap_or_default();
    if !s.contains(['<', '>']) {
        // Postings and chunk prices are numbers only: nothing to rewrite.
        return s.into_bytes();
    }
    s.replace('<', "\\u003c").replace('>', "\\u003e").into_bytes()
}

/// Where a long term's chunks are (`c/<f>-0.json` …, newest pages first),
/// with the pages it is on (`d`), the last page of each chunk (`u`) and
/// each chunk's bytes (`b`). A short term's entry is its postings array.
#[derive(Serialize)]
struct Chunked<'a> {
    f: &'a str,
    d: u32,
    u: Vec<u32>,
    b: Vec<usize>,
}

/// A term's postings, written as JSON while they are merged (the lists are
/// never held as numbers: half the memory, one pass). A posting list is
/// `[doc delta, count, position deltas…]…`, cut into chunks of about
/// [`CHUNK_NUMS`] numbers at page boundaries, newest pages first; each chunk
/// starts with its first page's id (not a delta), so it decodes on its own.
#[derive(Default)]
struct Postings {
    /// Finished chunks: their JSON and their last page.
    done: Vec<(Vec<u8>, u32)>,
    /// The open chunk's JSON, without its closing `]`.
    open: Vec<u8>,
    /// Numbers in the open chunk, and in all chunks.
    open_nums: usize,
    nums: usize,
    /// Pages the term is on, and the last of them.
    docs: u32,
    last: u32,
}

impl Postings {
    /// Appends page `id`'s entry (ids arrive in ascending order).
    fn add(&mut self, id: u32, positions: &[u32]) {
        let n = 2 + positions.len();
        let mut num = itoa::Buffer::new();
        if self.docs == 0 || self.open_nums + n > CHUNK_NUMS {
            if self.docs > 0 {
                self.close();
            }
            self.open.push(b'[');
            self.open.extend_from_slice(num.format(id).as_bytes());
        } else {
            self.open.push(b',');
            self.open.extend_from_slice(num.format(id - self.last).as_bytes());
        }
        self.open.push(b',');
        self.open.extend_from_slice(num.format(positions.len()).as_bytes());
        let mut prev = 0;
        for &p in positions {
            self.open.push(b',');
            self.open.extend_from_slice(num.format(p - prev).as_bytes());
            prev = p;
        }
        self.open_nums += n;
        self.nums += n;
        self.docs += 1;
        self.last = id;
    }

    fn close(&mut self) {
        let mut c = std::mem::take(&mut self.open);
        c.push(b']');
        self.done.push((c, self.last));
        self.open_nums = 0;
    }

    /// The finished chunks. A list of at most [`INLINE_NUMS`] numbers is one
    /// chunk (it never reaches [`CHUNK_NUMS`]), and stays whole in its shard.
    fn finish(mut self) -> (Vec<(Vec<u8>, u32)>, usize, u32) {
        self.close();
        (self.done, self.nums, self.docs)
    }
}

/// One merge part's postings: 汉字 terms by code, words by text (looked up
/// by `&str`, so a word's text is copied once, not once per page).
#[derive(Default)]
struct Part {
    han: HashMap<u64, Postings>,
    words: HashMap<String, Postings>,
}

impl Part {
    /// Appends page `id`'s terms of merge part `part`.
    fn merge_page(&mut self, id: u32, terms: &PageTerms, part: usize) {
        for &(code, at, n) in &terms.parts[part] {
            let positions = &terms.pos[at as usize..(at + n) as usize];
            let postings = if code & WORD != 0 {
                let w = &terms.words[(code & !WORD) as usize];
                if !self.words.contains_key(w.as_str()) {
                    self.words.insert(w.clone(), Postings::default());
                }
                self.words.get_mut(w.as_str()).expect("inserted above")
            } else {
                self.han.entry(code).or_default()
            };
            postings.add(id, positions);
        }
    }

    fn into_terms(self) -> impl Iterator<Item = (Key, Postings)> {
        let han = self.han.into_iter().map(|(k, p)| (Key::Han(k), p));
        han.chain(self.words.into_iter().map(|(w, p)| (Key::Word(w), p)))
    }
}

/// Builds the index of `public` pages: the files to add under `search/`, and
/// what the search page must know about them.
pub fn build(public: &[Page], streamed: Vec<Extract>, lang: Lang) -> (Vec<Page>, IndexInfo) {
    let mut docs: Vec<(Doc, Body)> =
        public.par_iter().filter_map(|p| doc_of(p, lang)).map(|(d, h)| (d, Body::Html(h))).collect();
    docs.extend(streamed.into_iter().map(|e| (e.doc, Body::Text(e.text))));
    // Newest first; undated pages (job descriptions) last; then by path.
    docs.sort_by(|(a, _), (b, _)| (a.date.is_empty(), &b.date, &a.path).cmp(&(b.date.is_empty(), &a.date, &b.path)));
    // Pages are tokenized in parallel a batch at a time, so only one batch's
    // terms are ever held; each part of the postings (terms split by code)
    // merges them in id order on its own thread.
    let mut parts: Vec<Part> = (0..MERGE_PARTS).map(|_| Part::default()).collect();
    for (b, batch) in docs.chunks(TERM_BATCH).enumerate() {
        let batch_terms: Vec<PageTerms> = batch
            .par_iter()
            .map_init(HashMap::default, |ids, (d, body)| match body {
                Body::Html(html) => terms_of_page(&d.title, &marked_text(html), ids),
                Body::Text(text) => terms_of_page(&d.title, text, ids),
            })
            .collect();
        parts.par_iter_mut().enumerate().for_each(|(part, postings)| {
            for (k, terms) in batch_terms.iter().enumerate() {
                postings.merge_page((b * TERM_BATCH + k) as u32, terms, part);
            }
        });
    }
    let docs: Vec<Doc> = docs.into_iter().map(|(d, _)| d).collect();
    type Term = (String, Vec<(Vec<u8>, u32)>, usize, u32);
    let mut postings: Vec<Term> = parts
        .into_iter()
        .flat_map(Part::into_terms)
        .map(|(k, p)| {
            let (chunks, nums, docs_on) = p.finish();
            (k.text(), chunks, nums, docs_on)
        })
        .collect();
    postings.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // About 3 bytes a number in JSON, plus the key; a chunked term is its chunks' prices.
    let inline = |nums: usize| nums <= INLINE_NUMS;
    let approx: usize = postings
        .iter()
        .map(|(k, cut, nums, _)| k.len() + 4 + if inline(*nums) { nums * 3 } else { cut.len() * 12 })
        .sum();
    let shards = approx.div_ceil(SHARD_BYTES).max(1);
    let mut shard_json: Vec<Vec<u8>> = vec![b"{".to_vec(); shards];
    let mut files = Vec::new();
    let mut more = vec![0usize; shards];
    for (k, cut, nums, docs_on) in postings {
        let s = shard_of(&k, shards);
        let out = &mut shard_json[s];
        if out.len() > 1 {
            out.push(b',');
        }
        serde_json::to_writer(&mut *out, &k).expect("a string serialises");
        out.push(b':');
        if inline(nums) {
            out.extend_from_slice(&cut[0].0);
            continue;
        }
        let name = format!("{s}-{}", more[s]);
        more[s] += 1;
        let entry = Chunked {
            f: &name,
            d: docs_on,
            u: cut.iter().map(|c| c.1).collect(),
            b: cut.iter().map(|c| c.0.len()).collect(),
        };
        serde_json::to_writer(&mut *out, &entry).expect("numbers serialise");
        for (j, (c, _)) in cut.into_iter().enumerate() {
            files.push(Page { path: format!("search/c/{name}-{j}.json"), bytes: c });
        }
    }
    let shard_files: Vec<Page> = shard_json
        .into_iter()
        .enumerate()
        .map(|(i, mut bytes)| {
            bytes.push(b'}');
            Page { path: format!("search/i/{i}.json"), bytes }
        })
        .collect();
    let shard_max = shard_files.iter().map(|f| f.bytes.len()).max().unwrap_or(0);
    files.extend(shard_files);
    let mut rows_max = 0;
    for (i, chunk) in docs.chunks(DOC_CHUNK).enumerate() {
        let rows: Vec<(&str, &str, &str, &str, usize)> = chunk
            .iter()
            .map(|d| (d.path.as_str(), d.title.as_str(), d.kind.as_str(), d.date_shown.as_str(), d.bytes))
            .collect();
        let bytes = json(&rows);
        rows_max = rows_max.max(bytes.len());
        files.push(Page { path: format!("search/d/{i}.json"), bytes });
    }
    (files, IndexInfo { docs: docs.len(), shards, chunk: DOC_CHUNK, body: BODY, shard_max, rows_max })
}

/// Indexes the rendered public pages and adds the index files and the
/// search page (which names the index's shape) to the public site.
pub fn add_index(
    cx: &Ctx,
    templates: &super::chrome::Templates,
    theme: &Theme,
    out: &mut Rendered,
    streamed: Vec<Extract>,
) -> Result<(), Vec<Diagnostic>> {
    let (files, info) = build(&out.public, streamed, cx.lang());
    let mut meta = cx.meta(Which::Public, "search/index.html", cx.s().search, "search");
    let name = &cx.estate.site.name;
    meta.description = tr!(
        cx.lang(),
        "搜索{name}的公告、服务简报和岗位职责。",
        "Search the notices, bulletins and job descriptions of {name}."
    );
    let mut job = cx.job(Which::Public, meta, "search/index.html", &info);
    let s =
        templates.render(job.template, &mut job.context).map_err(|e| vec![theme.template_error_in(cx.lang(), &e)])?;
    out.public.push(Page { path: job.path, bytes: s });
    out.public.extend(files);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A token of indexed text.
    #[derive(Debug, PartialEq)]
    enum Tok {
        Word(String),
        Han(char),
    }

    /// The two-pass tokenizer the index used before [`Scan`]: the reference it is tested against.
    fn tokens(text: &str, start: u32, out: &mut Vec<(u32, Tok)>) {
        let mut pos = start;
        let mut word = String::new();
        let mut gap = true;
        for c in text.chars() {
            if c.is_ascii_alphanumeric() {
                word.push(c.to_ascii_lowercase());
                continue;
            }
            if !word.is_empty() {
                out.push((pos, Tok::Word(std::mem::take(&mut word))));
                pos += 1;
                gap = false;
            }
            // The CJK Unified Ideographs block (all letters) without the Unicode table lookup.
            if ('\u{4e00}'..='\u{9fef}').contains(&c) || (!is_cjk_punctuation(c) && c.is_alphanumeric()) {
                out.push((pos, Tok::Han(c)));
                pos += 1;
                gap = false;
            } else if !gap {
                pos += 1;
                gap = true;
            }
        }
        if !word.is_empty() {
            out.push((pos, Tok::Word(word)));
        }
    }

    /// Tokens to term occurrences with positions.
    fn terms(toks: &[(u32, Tok)], into: &mut Occurrences) {
        let han_at = |i: usize, pos: u32| match toks.get(i) {
            Some((p, Tok::Han(c))) if *p == pos => Some(*c),
            _ => None,
        };
        for (i, (p, t)) in toks.iter().enumerate() {
            match t {
                Tok::Word(w) => into.word(w, *p),
                Tok::Han(c) => {
                    let next = han_at(i + 1, p + 1);
                    let prev = if i > 0 && *p > 0 { han_at(i - 1, p - 1) } else { None };
                    if let Some(n) = next {
                        into.pair(*c, n, *p);
                    }
                    if next.is_none() || prev.is_none() {
                        into.han(*c, *p);
                    }
                }
            }
        }
    }

    fn terms_of(text: &str) -> Vec<(String, Vec<u32>)> {
        let g = group(occurrences(text, "", &mut HashMap::default()));
        let key = |code: u64| {
            if code & WORD != 0 { Key::Word(g.words[(code & !WORD) as usize].clone()) } else { Key::Han(code) }
        };
        let mut v: Vec<(String, Vec<u32>)> = g
            .parts
            .iter()
            .flatten()
            .map(|&(code, at, n)| (key(code).text(), g.pos[at as usize..(at + n) as usize].to_vec()))
            .collect();
        v.sort();
        v
    }

    proptest::proptest! {
        /// The one-pass scan gives exactly the occurrences of the two-pass reference.
        #[test]
        fn the_scan_gives_the_reference_terms(
            title in "[停水电梯3栋aZ9，。 \n（）é０々]{0,12}",
            body in "[停水电梯3栋aZ9，。 \n（）é０々<&]{0,60}",
        ) {
            let mut toks = Vec::new();
            tokens(&title, 0, &mut toks);
            tokens(&body, BODY, &mut toks);
            let mut ids = HashMap::default();
            let mut want = Occurrences::new(&mut ids, 0);
            terms(&toks, &mut want);
            let mut want_at: Vec<(u64, u32)> = want.at.iter().map(|&(i, p)| (want.codes[i as usize], p)).collect();
            let (words, mut ids) = (want.words, HashMap::default());
            let got = occurrences(&title, &body, &mut ids);
            let mut got_at: Vec<(u64, u32)> = got.at.iter().map(|&(i, p)| (got.codes[i as usize], p)).collect();
            want_at.sort_unstable();
            got_at.sort_unstable();
            proptest::prop_assert_eq!(&got_at, &want_at);
            proptest::prop_assert_eq!(&got.words, &words);
        }
    }

    #[test]
    fn bigrams_words_and_run_ends() {
        let t = terms_of("3栋停水，Wi-Fi");
        let keys: Vec<&str> = t.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["3", "fi", "wi", "停水", "栋", "栋停", "水"]);
        // 3@0 栋@1 停@2 水@3, gap, wi@5, gap, fi@7
        assert_eq!(t.iter().find(|(k, _)| k == "wi").unwrap().1, vec![5]);
        assert_eq!(t.iter().find(|(k, _)| k == "停水").unwrap().1, vec![2]);
    }

    #[test]
    fn the_punctuation_shortcut_agrees_with_the_unicode_table() {
        let ranges = [
            '\u{2010}'..='\u{2027}',
            '\u{3000}'..='\u{3004}',
            '\u{3008}'..='\u{3020}',
            '\u{ff01}'..='\u{ff0f}',
            '\u{ff1a}'..='\u{ff20}',
        ];
        for c in ranges.into_iter().flatten() {
            assert!(is_cjk_punctuation(c) && !c.is_alphanumeric(), "{c:?}");
        }
        assert!(!is_cjk_punctuation('〇') && !is_cjk_punctuation('々') && !is_cjk_punctuation('Ａ'));
    }

    #[test]
    fn marked_text_skips_svg_and_keeps_inline_runs() {
        let html = "<p>x</p><div class=\"body\" data-search><p>请<strong>提前</strong>储水&amp;</p><div><svg><text>图</text></svg></div></div><p>不要</p>";
        let t = marked_text(html.as_bytes());
        assert!(t.contains("请提前储水&"), "{t}");
        assert!(!t.contains('图') && !t.contains("不要"), "{t}");
    }

    #[test]
    fn index_pages_with_marks_only() {
        let page = |path: &str, body: &str| Page { path: path.into(), bytes: body.as_bytes().to_vec() };
        let a = page(
            "notices/a.html",
            "<meta property=\"og:title\" content=\"停水通知\"><meta property=\"article:published_time\" content=\"2026-11-20\"><div data-search>水质检测报告</div>",
        );
        let b = page("index.html", "<p>水质检测报告</p>");
        let (files, info) = build(&[a, b], Vec::new(), Lang::Zh);
        assert_eq!(info.docs, 1);
        let all: String = files.iter().map(|f| String::from_utf8_lossy(&f.bytes).to_string()).collect();
        assert!(all.contains("\"检测\":[0,1,100002]"), "{all}");
        assert!(all.contains("notices/a.html"));
    }

    /// Decodes one chunk (`[first id, count, positions…, doc delta, …]`) to (doc, positions).
    fn decode_chunk(arr: &[u32]) -> Vec<(u32, Vec<u32>)> {
        let (mut out, mut i, mut doc) = (Vec::new(), 0, 0);
        while i < arr.len() {
            doc += arr[i];
            let n = arr[i + 1] as usize;
            let mut p = 0;
            let ps = arr[i + 2..i + 2 + n].iter().map(|d| {
                p += d;
                p
            });
            out.push((doc, ps.collect()));
            i += 2 + n;
        }
        out
    }

    /// A one-off build keeps only the extract of a page it has written: the
    /// index made from extracts is the one made from the pages, whichever
    /// pages go which way.
    #[test]
    fn extracts_index_like_the_pages_they_came_from() {
        let pages: Vec<Page> = (0..400)
            .map(|i| {
                let html = format!(
                    "<meta property=\"og:title\" content=\"通知{i} &amp; Notice\"><meta property=\"article:section\" content=\"停水\"><meta property=\"article:published_time\" content=\"2026-{:02}-{:02}\"><div data-search><p>第{i}号：明天<b>停水</b>，请储水 water-{}</p><svg><text>图</text></svg></div>",
                    1 + i % 12,
                    1 + i % 28,
                    i % 7
                );
                Page { path: format!("notices/n{i:04}.html"), bytes: html.into_bytes() }
            })
            .chain([Page { path: "index.html".into(), bytes: b"<p>no mark</p>".to_vec() }])
            .collect();
        let whole = build(&pages, Vec::new(), Lang::Zh);
        let (held, written): (Vec<Page>, Vec<Page>) =
            pages.iter().cloned().partition(|p| p.path.as_bytes().get(12).is_some_and(|d| d % 2 == 0));
        let extracts: Vec<Extract> = written.iter().filter_map(|p| extract(p, Lang::Zh)).collect();
        assert!(extracts.len() == 200 && held.len() == 200 && written.len() == 201, "an unmarked page has no extract");
        let split = build(&held, extracts, Lang::Zh);
        assert_eq!(whole.1.docs, 400);
        assert!(whole.0 == split.0, "the same index files");
    }

    #[test]
    fn a_common_pair_is_cut_into_small_chunks_newest_first_that_add_up_to_its_postings() {
        // 3,000 notices sharing 物业 twenty times each: 物业's list alone is ~190 KB.
        let pages: Vec<Page> = (0..3000)
            .map(|i| {
                let body = "物业服务中心通知，".repeat(20);
                let html = format!(
                    "<meta property=\"og:title\" content=\"通知{i}\"><meta property=\"article:published_time\" content=\"2026-{:02}-{:02}\"><div data-search>{body}</div>",
                    1 + i % 12,
                    1 + i % 28
                );
                Page { path: format!("notices/n{i:04}.html"), bytes: html.into_bytes() }
            })
            .collect();
        let (files, info) = build(&pages, Vec::new(), Lang::Zh);
        assert_eq!(info.docs, 3000);
        let file = |p: &str| files.iter().find(|f| f.path == p).unwrap_or_else(|| panic!("{p}"));
        let shard: serde_json::Value =
            serde_json::from_slice(&file(&format!("search/i/{}.json", shard_of("物业", info.shards))).bytes).unwrap();
        let entry = &shard["物业"];
        let f = entry["f"].as_str().expect("物业 is chunked");
        let (u, b) = (entry["u"].as_array().unwrap(), entry["b"].as_array().unwrap());
        let n = u.len();
        assert!(n > 5 && b.len() == n && entry["d"] == 3000, "{entry}");
        let mut docs = Vec::new();
        for j in 0..n {
            let bytes = &file(&format!("search/c/{f}-{j}.json")).bytes;
            // The shard states each chunk's price and its last page.
            assert_eq!(b[j], bytes.len(), "bytes of chunk {j}");
            let arr: Vec<u32> = serde_json::from_slice(bytes).unwrap();
            let got = decode_chunk(&arr);
            assert_eq!(u[j], got.last().unwrap().0, "last page of chunk {j}");
            docs.extend(got);
        }
        // Every page once, newest (smallest id) first, with all twenty positions.
        assert_eq!(docs.iter().map(|d| d.0).collect::<Vec<_>>(), (0..3000).collect::<Vec<_>>());
        assert!(docs.iter().all(|d| d.1.len() == 20 && d.1[0] == BODY && d.1[1] == BODY + 9), "{:?}", docs[0]);
        // What a query reads first: its terms' shards and first chunks, each well under 300 KB.
        let largest = files
            .iter()
            .filter(|f| f.path.starts_with("search/i/") || f.path.starts_with("search/c/"))
            .map(|f| f.bytes.len())
            .max()
            .unwrap();
        assert!(largest <= CHUNK_NUMS * 8, "largest index file {largest} bytes");
        let shard_max = files.iter().filter(|f| f.path.starts_with("search/i/")).map(|f| f.bytes.len()).max();
        assert_eq!(Some(info.shard_max), shard_max);
    }
}
