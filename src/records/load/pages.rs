//! The Markdown pages (roles, notices, bulletins) and their front matter.

use super::*;

/// The Markdown pages and static files, read.
pub(super) struct Pages {
    pub(super) roles: Vec<Role>,
    pub(super) notices: Vec<Notice>,
    pub(super) bulletins: Vec<Bulletin>,
    pub(super) static_files: Vec<String>,
    pub(super) role_files: std::collections::BTreeSet<String>,
    pub(super) diags: Vec<Diagnostic>,
    pub(super) bytes: u64,
}

/// The folders of Markdown pages and static files, which [`read_pages`] reads.
pub(super) const PAGE_FOLDERS: [&str; 4] = ["roles", "notices", "bulletins", "static"];

/// Lists and reads roles/, notices/, bulletins/ and static/.
pub(super) fn read_pages(source: &Source, site: &Site) -> Pages {
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

pub(super) type MdFiles = BTreeMap<&'static str, Vec<(String, PathBuf)>>;

/// Stems of every file in roles/, read or not.
pub(super) fn role_stems(md_files: &MdFiles) -> std::collections::BTreeSet<String> {
    md_files
        .get("roles")
        .into_iter()
        .flatten()
        .filter_map(|(_, p)| p.file_stem().map(|s| s.to_string_lossy().to_string()))
        .collect()
}

/// Parses every Markdown page in parallel; returns roles, notices, bulletins (sorted) and bytes read.
pub(super) fn parse_pages(
    md_files: &MdFiles,
    site: &Site,
    diags: &mut Diags,
) -> (Vec<Role>, Vec<Notice>, Vec<Bulletin>, u64) {
    let mut roles = Vec::new();
    let mut notices = Vec::new();
    let mut bulletins = Vec::new();
    let mut bytes = 0;
    for (dir, files) in md_files {
        let parsed: Vec<(Option<MdOut>, Vec<Diagnostic>, u64)> =
            files.par_iter().map(|(display, path)| parse_md(dir, display, path, site)).collect();
        // Room for them all at once: a vector of 10,000 notices grown by
        // doubling is megabytes of fresh memory touched twice, on one thread.
        match *dir {
            "roles" => roles.reserve(parsed.len()),
            "notices" => notices.reserve(parsed.len()),
            _ => bulletins.reserve(parsed.len()),
        }
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
    let mut timings = crate::timings::Timings::default();
    timings.since("load: Markdown pages only", t0);
    Loaded { estate: Some(estate), diags: list, bytes: pages.bytes, reload: None, timings }
}

pub(super) enum MdOut {
    Role(Role),
    Notice(Notice),
    Bulletin(Bulletin),
}

pub(super) fn parse_md(dir: &str, display: &str, path: &Path, site: &Site) -> (Option<MdOut>, Vec<Diagnostic>, u64) {
    let lang = site.lang;
    let bytes = match read_bytes(path, display, lang) {
        Ok(b) => b,
        Err(d) => return (None, vec![d], 0),
    };
    let text = match decode_str(&bytes) {
        Ok(t) => t,
        Err(m) => return (None, vec![Diagnostic::new(Code::FileEncoding, display, Pos::START, m.render(lang))], 0),
    };
    let n = text.len() as u64;
    let mut diags = Diags::default();
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let out = {
        let mut cx = Ctx { path: display, lang, diags: &mut diags };
        md_inner(dir, text, &stem, site, &mut cx)
    };
    (out, diags.list, n)
}

pub(super) fn md_inner(dir: &str, text: &str, stem: &str, site: &Site, cx: &mut Ctx) -> Option<MdOut> {
    let (fm, body) = match split_front_matter(text) {
        Ok(x) => x,
        Err(m) => {
            cx.err(Code::FrontMatter, Pos::START, m);
            return None;
        }
    };
    let tree = match fm.as_deref().map(crate::records::front_matter::parse) {
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
                Code::BulletinName,
                Pos::START,
                msg!(
                    "简报文件名 `{stem}.md` 应为季度，例如 2026-Q3.md",
                    "bulletin file `{stem}.md` must be named for a quarter, e.g. 2026-Q3.md"
                ),
                None,
            );
            return None;
        };
        return parse::bulletin(tree.as_ref(), cx, q, body).map(MdOut::Bulletin);
    }
    let Some(tree) = tree else {
        cx.err_help(
            Code::FrontMatterMissing,
            Pos::START,
            msg!(
                "缺少 front matter：文件应以 --- 开头的元数据块开始",
                "missing front matter: the file must start with a --- block"
            ),
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
