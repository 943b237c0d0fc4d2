//! `wuye new DIR`: a fresh estate that passes `wuye check` and builds.
//!
//! The example files live in `src/new/` and are embedded in the binary; the
//! example month is the month of `--date`, so the scaffold is valid the day
//! it is made. Example records and units are written commented out (a
//! template to copy, never counted) and the example notice as a draft, so a
//! new estate builds an empty site until the office types its own records.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

const FILES: &[(&str, &str)] = &[
    ("content/site.yaml", include_str!("new/site.yaml")),
    ("content/households.yaml", include_str!("new/households.yaml")),
    ("content/roles/customer-service.md", include_str!("new/role.md")),
    ("content/notices/water-tank-cleaning.md", include_str!("new/notice.md")),
    ("content/records/{MONTH}/tickets.yaml", include_str!("new/tickets.yaml")),
    ("content/records/{MONTH}/complaints.yaml", include_str!("new/complaints.yaml")),
    ("content/records/{MONTH}/visits.yaml", include_str!("new/visits.yaml")),
    ("content/records/{MONTH}/surveys.yaml", include_str!("new/surveys.yaml")),
    ("content/records/{MONTH}/fees.yaml", include_str!("new/fees.yaml")),
    ("content/records/{MONTH}/inspections.yaml", include_str!("new/inspections.yaml")),
    ("content/records/{MONTH}/lost-found.yaml", include_str!("new/lost-found.yaml")),
    ("content/records/{MONTH}/meetings.yaml", include_str!("new/meetings.yaml")),
    ("content/records/{MONTH}/worklog.yaml", include_str!("new/worklog.yaml")),
    ("README.md", include_str!("new/README.md")),
    (".gitignore", "output/\n.wuye-cache/\n"),
];

/// Whether a scaffold file is example data, written commented out.
fn is_template(rel: &str) -> bool {
    rel.starts_with("content/records/") || rel == "content/households.yaml"
}

/// An example file with every line commented out under a note saying how to use it.
fn commented(text: &str) -> String {
    let mut out = String::from(
        "# 示例（模板）：以 # 开头的行不会被读取，也不计入任何统计。\n\
         # 新增记录时照这个格式写：复制示例，去掉行首的 \"# \"，改成真实内容（字段说明见 README.md）。\n",
    );
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            out.push_str(line);
        } else {
            out.push_str("# ");
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// Writes the scaffold into `dir`; refuses to overwrite an existing `content/`.
pub fn new_estate(dir: &Path, today: NaiveDate) -> Result<Vec<PathBuf>, String> {
    if dir.join("content").exists() {
        return Err(format!("{} 里已经有 content/ 文件夹：请换一个空文件夹或新文件夹名", dir.display()));
    }
    // Example records are dated on the 1st of the month so they are never in the future.
    let day = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).expect("valid");
    let month = format!("{:04}-{:02}", day.year(), day.month());
    let expires = day + chrono::Days::new(7);
    let estate = dir.canonicalize().ok().or_else(|| Some(dir.to_path_buf()));
    let estate = estate.and_then(|p| p.file_name().map(|s| s.to_string_lossy().to_string())).unwrap_or_default();
    let fill = |s: &str| {
        s.replace("{MONTH}", &month)
            .replace("{DATE}", &day.to_string())
            .replace("{EXPIRES}", &expires.to_string())
            .replace("{ESTATE}", &estate)
    };
    let mut written = Vec::new();
    for (rel, text) in FILES {
        let path = dir.join(fill(rel));
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        if path.exists() {
            continue; // never overwrite a user's README or .gitignore
        }
        let text = if is_template(rel) { commented(&fill(text)) } else { fill(text) };
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(path);
    }
    written.extend(editor_help(dir)?);
    Ok(written)
}

/// JSON Schemas for the default categories and `.vscode/settings.json`
/// mapping the content files to them (never overwriting a user's settings).
fn editor_help(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let schemas = dir.join("schemas");
    let mut written = crate::schema::write(&crate::config::Site::default(), &schemas)
        .map_err(|e| format!("{}: {e}", schemas.display()))?;
    let settings = dir.join(".vscode/settings.json");
    if !settings.exists() {
        let text = serde_json::to_string_pretty(&crate::schema::vscode_settings("schemas")).unwrap_or_default() + "\n";
        fs::create_dir_all(dir.join(".vscode")).map_err(|e| format!("{}: {e}", dir.display()))?;
        fs::write(&settings, text).map_err(|e| format!("{}: {e}", settings.display()))?;
        written.push(settings);
    }
    Ok(written)
}
