//! `wuye portfolio`: one company site (集团/区域公司) over many estates.
//!
//! Data flows one way: the portfolio file ([`parse`]) → every estate's
//! figures ([`load`]: `content:` entries are loaded, checked and computed in
//! parallel exactly as `wuye figures` would; `figures:` entries are read as
//! they are) → company sums ([`rollup`]) → pages ([`pages`]) → the privacy
//! scan and the usual temporary-directory swap (in the CLI).
//!
//! Every problem of every entry is collected before anything stops: a head
//! office with 300 estates fixes its file in one pass, not 300.

pub mod pages;
pub mod rollup;

use crate::i18n::{Msg, msg, tr};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::diag::Code;
use crate::diag::{Diagnostic, Diags, Pos};
use crate::figures::Figures;
use crate::i18n::Lang;
use crate::records::Estate;
use crate::yaml::fields::{self, Ctx, Rec};
use crate::yaml::{Kind, Node};

/// The portfolio file: the company and its estates.
#[derive(Clone, Debug)]
pub struct Portfolio {
    /// The company's name (示例物业集团).
    pub name: String,
    /// Where the company site is served (only shown; it is internal).
    pub base_url: String,
    /// Language tag of the UI (`zh-CN` by default).
    pub language: String,
    /// UI and message language.
    pub lang: Lang,
    /// The estates, in file order.
    pub entries: Vec<Entry>,
}

/// One estate of the portfolio file.
#[derive(Clone, Debug)]
pub struct Entry {
    /// A records repository or a figures file.
    pub source: Source,
    /// The path as written in the file (for messages).
    pub written: String,
    /// The path resolved against the portfolio file's folder.
    pub path: PathBuf,
    /// Optional grouping (华东, …).
    pub region: Option<String>,
    /// Where the entry's path is written (line:col in the portfolio file).
    pub pos: Pos,
}

/// Where an estate's figures come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// `content:` a content directory, computed here.
    Content,
    /// `figures:` a file `wuye figures` wrote.
    Figures,
}

const TOP_KEYS: &[&str] = &["name", "base_url", "language", "estates"];
const ENTRY_KEYS: &[&str] = &["content", "figures", "region"];

/// Reads the portfolio file with every problem in it. The portfolio comes
/// back even with errors (holding the entries that could be read), so the
/// caller can report those entries' own problems in the same run.
pub fn parse(file: &Path, shown: &str) -> (Option<Portfolio>, Vec<Diagnostic>) {
    let mut diags = Diags::default();
    let text = match crate::records::load::read_text(file, shown, Lang::Zh) {
        Ok(t) => t,
        Err(d) => return (None, vec![d]),
    };
    let root = match crate::yaml::parse_tree(&text) {
        Ok(Some(n)) => n,
        Ok(None) => {
            diags.push(Code::FileEmpty, shown, Pos::START, "公司汇总文件是空的：至少需要 name 和 estates");
            return (None, diags.list);
        }
        Err(e) => {
            let (m, help) = e.describe();
            diags.push_help(e.code(), shown, e.pos, m.render(Lang::Zh), help.map(|h| h.render(Lang::Zh)));
            return (None, diags.list);
        }
    };
    let lang = crate::config::peek_lang(&root);
    let mut cx = Ctx { path: shown, lang, diags: &mut diags };
    let base = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let p = read_top(&root, &base, &mut cx);
    (p, diags.list)
}

fn read_top(root: &Node, base: &Path, cx: &mut Ctx) -> Option<Portfolio> {
    let mut rec = Rec::new(root, "公司汇总文件", cx)?;
    let name = rec.req(cx, "name", fields::text);
    let base_url = rec.opt(cx, "base_url", fields::text).unwrap_or_default();
    let language = rec.opt(cx, "language", fields::text).unwrap_or_else(|| "zh-CN".into());
    let first = rec.first;
    let estates = rec.node("estates");
    rec.finish(cx, TOP_KEYS);
    let mut entries = Vec::new();
    match estates.map(|n| &n.kind) {
        Some(Kind::Seq(items)) => {
            for item in items {
                entries.extend(read_entry(item, base, cx));
            }
            if items.is_empty() {
                cx.err(
                    Code::ValueEmpty,
                    estates.map_or(first, |n| n.pos),
                    msg!("estates 是空列表：至少列出一个小区", "estates is empty: list at least one estate"),
                );
            }
        }
        Some(_) => {
            let n = estates.map_or(first, |n| n.pos);
            cx.err(
                Code::ShapeList,
                n,
                msg!("estates 应为列表，每项以 - 开头", "estates must be a list, each entry starting with -"),
            );
        }
        None => cx.err(Code::FieldMissing, first, msg!("缺少必填字段 `estates`", "missing required field `estates`")),
    }
    let lang = Lang::from_tag(&language);
    Some(Portfolio { name: name?, base_url, language, lang, entries })
}

fn read_entry(item: &Node, base: &Path, cx: &mut Ctx) -> Option<Entry> {
    let mut rec = Rec::new(item, "小区条目", cx)?;
    let first = rec.first;
    let content = rec.node("content").map(|n| (Source::Content, n));
    let figures = rec.node("figures").map(|n| (Source::Figures, n));
    let region = rec.opt(cx, "region", fields::text);
    let ok = rec.finish(cx, ENTRY_KEYS);
    let (source, node) = match (content, figures) {
        (Some(c), None) => c,
        (None, Some(f)) => f,
        (Some(_), Some((_, n))) => {
            cx.err(
                Code::PortfolioEntry,
                n.pos,
                msg!("一个条目只能写 content 或 figures 之一", "an entry has either content or figures, not both"),
            );
            return None;
        }
        (None, None) => {
            cx.err_help(
                Code::PortfolioEntry,
                first,
                msg!(
                    "条目缺少 content（记录目录）或 figures（wuye figures 生成的文件）",
                    "the entry needs content (a records folder) or figures (a file wuye figures wrote)"
                ),
                Some(tr!(
                    cx.lang,
                    "例如 `- content: ../fenglinwan/content`",
                    "e.g. `- content: ../fenglinwan/content`"
                )),
            );
            return None;
        }
    };
    let written = fields::text(node, cx)?;
    ok.then(|| Entry { source, path: base.join(&written), written, region, pos: node.pos })
}

/// One estate ready for the roll-up.
pub struct Member {
    /// Its figures (read from the file, or computed from its content).
    pub figures: Figures,
    /// Its region, if any.
    pub region: Option<String>,
    /// The loaded records of a `content:` estate (for the privacy scan).
    pub estate: Option<Estate>,
}

/// Loads every entry in parallel. Errors name the portfolio file and the
/// entry (`portfolio.yaml:7:16`), plus, for a content estate, its own
/// check errors; two estates with one name are an error at the second.
pub fn load(p: &Portfolio, shown: &str, as_of: NaiveDate) -> (Vec<Member>, Vec<Diagnostic>) {
    let results: Vec<Result<Member, Vec<Diagnostic>>> =
        p.entries.par_iter().enumerate().map(|(i, e)| load_entry(p, shown, i, e, as_of)).collect();
    let mut members = Vec::new();
    let mut diags = Vec::new();
    let mut names: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, r) in results.into_iter().enumerate() {
        match r {
            Ok(m) => {
                let e = &p.entries[i];
                if let Some(&j) = names.get(&m.figures.estate) {
                    let (name, other) = (&m.figures.estate, &p.entries[j]);
                    diags.push(Diagnostic::new(
                        Code::PortfolioDuplicate,
                        shown,
                        e.pos,
                        tr!(
                            p.lang,
                            format!(
                                "第 {} 项：小区名称 `{name}` 与第 {} 项（第 {} 行）重复：每个小区只能列一次",
                                i + 1,
                                j + 1,
                                other.pos.line
                            ),
                            format!(
                                "entry {}: estate name `{name}` is also entry {} (line {}): list each estate once",
                                i + 1,
                                j + 1,
                                other.pos.line
                            )
                        ),
                    ));
                    continue;
                }
                names.insert(m.figures.estate.clone(), i);
                members.push(m);
            }
            Err(d) => diags.extend(d),
        }
    }
    (members, diags)
}

fn load_entry(p: &Portfolio, shown: &str, i: usize, e: &Entry, as_of: NaiveDate) -> Result<Member, Vec<Diagnostic>> {
    let lang = p.lang;
    let at_entry = |code: Code, m: Msg| Diagnostic::new(code, shown, e.pos, m.render(lang));
    let n = i + 1;
    let w = &e.written;
    if !e.path.exists() {
        return Err(vec![at_entry(
            Code::PortfolioPath,
            msg!("第 {n} 项：找不到 `{w}`", "entry {n}: `{w}` does not exist"),
        )]);
    }
    match e.source {
        Source::Figures => {
            let display = e.path.display().to_string();
            let text = crate::records::load::read_text(&e.path, &display, lang).map_err(|d| vec![d])?;
            let figures = crate::figures::parse(&text, &display, lang).map_err(|mut d| {
                d.push(at_entry(
                    Code::PortfolioEstate,
                    msg!(
                        "第 {n} 项：数据文件 `{w}` 无法使用（原因见上）",
                        "entry {n}: the figures file `{w}` cannot be used (see above)"
                    ),
                ));
                d
            })?;
            Ok(Member { figures, region: e.region.clone(), estate: None })
        }
        Source::Content => {
            if !e.path.is_dir() {
                return Err(vec![at_entry(
                    Code::PortfolioPath,
                    msg!(
                        "第 {n} 项：`{w}` 不是文件夹：content 应指向记录目录",
                        "entry {n}: `{w}` is not a folder: content names a records folder"
                    ),
                )]);
            }
            // The same load and validation as `wuye build` of that estate.
            let build = crate::build::Build::new(&e.path, None);
            let loaded = build.load(crate::build::Change::Everything, &mut crate::build::Kept::one_off());
            let errors: Vec<Diagnostic> =
                loaded.diags.into_iter().filter(|d| d.severity == crate::diag::Severity::Error).collect();
            let estate = match loaded.estate {
                Some(est) if errors.is_empty() => est,
                _ => {
                    let k = errors.len();
                    let mut d = errors;
                    d.push(at_entry(
                        Code::PortfolioEstate,
                        msg!("第 {n} 项：小区 `{w}` 的记录有 {k} 个错误（见上），无法汇总：请先在该小区运行 wuye check", "entry {n}: the estate at `{w}` has {k} error(s) (above) and cannot be rolled up: run wuye check there"),
                    ));
                    return Err(d);
                }
            };
            let figures = figures_of(&estate, as_of).map_err(|m| {
                vec![at_entry(
                    Code::PortfolioSpan,
                    msg!(
                        "第 {n} 项：从最早的记录到 {as_of} 跨越 {m} 个月：请检查 --date",
                        "entry {n}: {m} months from the first record to {as_of}: check --date"
                    ),
                )]
            })?;
            Ok(Member { figures, region: e.region.clone(), estate: Some(estate) })
        }
    }
}

/// A content estate's figures, through the very JSON `wuye figures` writes
/// and read back by the same reader as a file: one path for both kinds.
pub fn figures_of(estate: &Estate, as_of: NaiveDate) -> Result<Figures, i32> {
    let export = crate::figures::export(estate, as_of)?;
    let value = serde_json::to_value(&export).map_err(|_| 0)?;
    serde_json::from_value(value).map_err(|_| 0)
}
