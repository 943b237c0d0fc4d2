//! The library's modules depend one way only (issue 12, CONTRIBUTING.md):
//!
//! scalars, timings → i18n → diag → yaml → config, calendar → records → kpi
//! → charts → site → privacy → output → build → the commands' modules
//! (figures, import, demo, pdf, portfolio, serve, schema, scaffold).
//!
//! Checked over the source text: every `crate::<module>` a file names in
//! code (comments and test modules aside) must be of a lower layer than the
//! file's own module, or the same module. The CLI lives in the binary
//! (`src/main.rs`, `src/cli*`) and may name anything.

use std::path::Path;

const LAYERS: &[&[&str]] = &[
    &["scalars", "timings"],
    &["incremental"],
    &["i18n"],
    &["diag"],
    &["yaml"],
    &["config", "calendar"],
    &["records"],
    &["kpi"],
    &["charts"],
    &["site"],
    &["privacy"],
    &["output"],
    &["build"],
    &["figures", "import", "demo", "pdf", "portfolio", "serve", "schema", "scaffold"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The code of a file: comment lines and `#[cfg(test)]` modules removed.
fn code(text: &str) -> String {
    let mut out = String::new();
    let mut skip_depth: Option<i32> = None;
    let mut pending_test = false;
    for line in text.lines() {
        let t = line.trim_start();
        if let Some(d) = skip_depth.as_mut() {
            *d += line.matches('{').count() as i32 - line.matches('}').count() as i32;
            if *d <= 0 {
                skip_depth = None;
            }
            continue;
        }
        if t.starts_with("#[cfg(test)]") {
            pending_test = true;
            continue;
        }
        if pending_test && t.starts_with("mod ") {
            pending_test = false;
            let d = line.matches('{').count() as i32 - line.matches('}').count() as i32;
            if d > 0 {
                skip_depth = Some(d);
            }
            continue;
        }
        pending_test = false;
        if t.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn named_modules(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if !name.is_empty() && !found.contains(&name) {
            found.push(name);
        }
    }
    found
}

#[test]
fn library_modules_depend_downwards_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        if !rel.ends_with(".rs") || rel == "lib.rs" || rel == "main.rs" || rel.starts_with("cli") {
            continue;
        }
        let own = rel.split('/').next().unwrap().trim_end_matches(".rs").to_string();
        let Some(own_layer) = layer(&own) else {
            wrong.push(format!("{rel}: module `{own}` is in no layer: add it to LAYERS (and CONTRIBUTING.md)"));
            continue;
        };
        files += 1;
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for m in named_modules(&code(&text)) {
            if m == own {
                continue;
            }
            match layer(&m) {
                Some(l) if l < own_layer || (l == own_layer && l == LAYERS.len() - 1) => {}
                Some(_) => wrong.push(format!("{rel}: `{own}` names `crate::{m}`, which is not below it")),
                None => wrong.push(format!("{rel}: names `crate::{m}`, a module in no layer")),
            }
        }
    }
    assert!(files > 50, "only {files} files checked");
    assert!(wrong.is_empty(), "dependencies against the layer order:\n{}", wrong.join("\n"));
}

#[test]
fn the_library_never_names_the_command_line() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    assert!(!lib.contains("mod cli"), "the CLI belongs to the binary (src/main.rs)");
}
