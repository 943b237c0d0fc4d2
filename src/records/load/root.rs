//! The content folder's root: `site.yaml` (read first: it sets the
//! language and the category lists), the walk of the root's entries,
//! `households.yaml` and `calendar.yaml`.

use super::*;

/// Reads `site.yaml`: the settings (defaults when it is missing or broken),
/// its text (part of every record file's cache key) and whether it was read.
/// A root file that is a symlink out of the content directory is not read
/// at all (the walk reports it).
pub(super) fn read_site(
    source: &Source,
    root_canon: &Path,
    diags: &mut Diags,
    bytes: &mut u64,
) -> (Site, String, bool) {
    let root = &source.dir;
    // site.yaml first: it sets the language and the category lists. A root
    // file that is a symlink out of the content directory is not read at all
    // (the walk below reports it).
    let site_display = source.show("site.yaml");
    let mut lang = Lang::Zh;
    let site_path = root.join("site.yaml");
    let mut site_text = String::new();
    let site = if links_outside(&site_path, root_canon) {
        None
    } else if !site_path.is_file() {
        let msg = if root.is_dir() {
            tr!(
                lang,
                "缺少 site.yaml：每个内容目录都需要它（可用 `wuye new` 生成示例）",
                "missing site.yaml: every content directory needs one (see `wuye new`)"
            )
        } else {
            tr!(
                lang,
                format!("内容目录 {} 不存在", source.display),
                format!("content directory {} does not exist", source.display)
            )
        };
        diags.list.push(Diagnostic::new(Code::ContentMissing, &site_display, Pos::START, msg));
        None
    } else {
        match read_text(&site_path, &site_display, lang) {
            Err(d) => {
                diags.list.push(d);
                None
            }
            Ok(text) => {
                *bytes += text.len() as u64;
                site_text = text.clone();
                let mut cx = Ctx { path: &site_display, lang, diags };
                match yaml::parse_tree(&text) {
                    Err(e) => {
                        yaml_error(&mut cx, e);
                        None
                    }
                    Ok(None) => {
                        cx.err(Code::FileEmpty, Pos::START, msg!("site.yaml 是空的", "site.yaml is empty"));
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
    (site.unwrap_or_else(|| Site { lang, ..Site::default() }), site_text, site_ok)
}

/// Walks the root: the record files under `records/`, warnings for unknown
/// entries. The Markdown and static folders are read by `read_pages` (and
/// again by `reload_records` after a save).
pub(super) fn walk_root(source: &Source, root_canon: &Path, lang: Lang, diags: &mut Diags) -> Vec<RecordFile> {
    let root = &source.dir;
    let mut record_files: Vec<RecordFile> = Vec::new();
    {
        for (name, e) in visible_entries(root) {
            let rel = name.clone();
            let is_dir = e.path().is_dir();
            if is_dir && PAGE_FOLDERS.contains(&name.as_str()) {
                continue;
            }
            if !outside_ok(&e.path(), root_canon, &source.show(&rel), lang, diags) {
                continue;
            }
            match (name.as_str(), is_dir) {
                ("site.yaml" | "households.yaml" | "calendar.yaml", false) => {}
                ("records", true) => record_files = list_records(&e.path(), source, root_canon, lang, diags),
                _ => {
                    let hint = did_you_mean(&name, ROOT_ENTRIES.iter().copied());
                    let help = hint.map(|h| tr!(lang, "是不是想写 `{h}`？", "did you mean `{h}`?"));
                    let mut d = Diagnostic::new(
                        Code::EntryUnknown,
                        source.show(&rel),
                        Pos::START,
                        tr!(
                            lang,
                            "未知的文件或文件夹 `{name}`，将被忽略",
                            "unknown file or folder `{name}` is ignored"
                        ),
                    );
                    d.help = help;
                    diags.list.push(d);
                }
            }
        }
    }

    record_files
}

/// `households.yaml`, read.
pub(super) struct Households {
    pub(super) list: Vec<Household>,
    pub(super) positions: Vec<Pos>,
    pub(super) display: String,
    pub(super) parsed: bool,
    pub(super) broken_units: Vec<String>,
}

/// Reads the register of units.
pub(super) fn read_households(
    source: &Source,
    root_canon: &Path,
    lang: Lang,
    diags: &mut Diags,
    bytes: &mut u64,
) -> Households {
    let root = &source.dir;
    let hh_display = source.show("households.yaml");
    let hh_path = root.join("households.yaml");
    let mut households = Vec::new();
    let mut household_pos = Vec::new();
    let mut households_parsed = false;
    let mut broken_units = Vec::new();
    if links_outside(&hh_path, root_canon) {
        // Refused by the walk above.
    } else if !hh_path.is_file() {
        if root.is_dir() {
            diags.list.push(Diagnostic::new(
                Code::HouseholdsMissing,
                &hh_display,
                Pos::START,
                tr!(lang, "缺少 households.yaml（房屋清单）", "missing households.yaml (the register of units)"),
            ));
        }
    } else {
        match read_text(&hh_path, &hh_display, lang) {
            Err(d) => diags.list.push(d),
            Ok(text) => {
                *bytes += text.len() as u64;
                let mut cx = Ctx { path: &hh_display, lang, diags };
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

    Households {
        list: households,
        positions: household_pos,
        display: hh_display,
        parsed: households_parsed,
        broken_units,
    }
}

/// Working days: the built-in calendar plus `calendar.yaml`.
pub(super) fn read_calendar(
    source: &Source,
    root_canon: &Path,
    lang: Lang,
    diags: &mut Diags,
    bytes: &mut u64,
) -> calendar::Calendar {
    let root = &source.dir;
    let mut calendar = calendar::Calendar::builtin();
    let cal_path = root.join("calendar.yaml");
    if cal_path.is_file() && !links_outside(&cal_path, root_canon) {
        let display = source.show("calendar.yaml");
        match read_text(&cal_path, &display, lang) {
            Err(d) => diags.list.push(d),
            Ok(text) => {
                *bytes += text.len() as u64;
                let mut cx = Ctx { path: &display, lang, diags };
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

    calendar
}
