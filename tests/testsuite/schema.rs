//! `wuye schema`: the JSON Schemas accept the demo estate file by file and
//! reject what `wuye check` rejects for a single value (a category not in
//! site.yaml, a missing required field), validated with the `jsonschema`
//! crate after reading YAML the way an editor does (wuye's own reader).

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

fn wuye(dir: &Path, args: &[&str]) {
    let out = crate::support::command().current_dir(dir).args(args).output().unwrap();
    assert!(out.status.success(), "wuye {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn yaml_json(text: &str) -> Value {
    match wuye::yaml::parse_tree(text).expect("parses") {
        Some(n) => wuye::schema::to_json(&n),
        None => Value::Null,
    }
}

fn validators(dir: &Path) -> HashMap<String, jsonschema::Validator> {
    let mut out = HashMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
        let v = jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        out.insert(p.file_name().unwrap().to_string_lossy().replace(".schema.json", ""), v);
    }
    out
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path())).collect()
}

/// Every file of the demo estate is valid against its schema.
#[test]
fn the_demo_estate_passes_its_schemas() {
    let t = tempfile::tempdir().unwrap();
    wuye(t.path(), &["demo", "--out", "content", "--units", "60", "--months", "3"]);
    wuye(t.path(), &["schema"]);
    let v = validators(&t.path().join("schemas"));
    assert_eq!(v.len(), wuye::schema::FILES.len());
    let content = t.path().join("content");
    let mut checked = 0;
    for e in walkdir(&content) {
        let rel = e.strip_prefix(&content).unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&e).unwrap();
        let (kind, doc) = if rel.ends_with(".md") {
            let kind = if rel.starts_with("notices/") {
                "notice"
            } else if rel.starts_with("roles/") {
                "role"
            } else {
                continue;
            };
            let (fm, _) = wuye::records::load::split_front_matter(&text).unwrap();
            (kind.to_string(), yaml_json(&fm.unwrap()))
        } else if let Some(name) = rel.strip_suffix(".yaml") {
            let kind = name.rsplit('/').next().unwrap().to_string();
            if kind == "calendar" {
                continue;
            }
            (kind, yaml_json(&text))
        } else {
            continue;
        };
        let validator = v.get(&kind).unwrap_or_else(|| panic!("no schema for {rel}"));
        let errs = errors(validator, &doc);
        assert!(errs.is_empty(), "{rel}: {errs:?}");
        checked += 1;
    }
    assert!(checked > 10, "{checked} files checked");
}

/// A category not in site.yaml and a missing required field are rejected;
/// the site's own category list is the enum.
#[test]
fn bad_category_and_missing_field_are_rejected() {
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir(t.path().join("content")).unwrap();
    std::fs::write(
        t.path().join("content/site.yaml"),
        "name: 测试\nestate: 测试\nbase_url: https://e.org/\nservice_phone: 1\ncategories:\n  ticket: [水电, 门禁]\n",
    )
    .unwrap();
    wuye(t.path(), &["schema", "--out", "s"]);
    let v = validators(&t.path().join("s"));
    let tickets = &v["tickets"];
    let good = "- id: BS-1\n  reported_at: 2026-10-03 21:14\n  channel: 电话\n  area: 公区\n  category: 门禁\n  description: 门禁坏了\n  department: 工程部\n";
    assert!(errors(tickets, &yaml_json(good)).is_empty(), "{:?}", errors(tickets, &yaml_json(good)));
    let bad_cat = good.replace("category: 门禁", "category: 电梯");
    let e = errors(tickets, &yaml_json(&bad_cat));
    assert!(e.len() == 1 && e[0].contains("/0/category"), "{e:?}");
    let missing = good.replace("  department: 工程部\n", "");
    let e = errors(tickets, &yaml_json(&missing));
    assert!(e.len() == 1 && e[0].contains("department"), "{e:?}");
    let typo = good.replace("channel:", "chanel:");
    assert!(!errors(tickets, &yaml_json(&typo)).is_empty(), "unknown field");
    let slip = good.replace("reported_at: 2026-10-03 21:14", "reported_at: 2026/10/3 21:14");
    assert!(!errors(tickets, &yaml_json(&slip)).is_empty(), "date format");
    let yes = "- id: SW-1\n  found_on: 2026-10-02\n  place: 大堂\n  item: 伞\n  valuable: 否\n";
    assert!(errors(&v["lost-found"], &yaml_json(yes)).is_empty());
}

/// `wuye new` writes the schemas and maps them in .vscode/settings.json.
#[test]
fn new_writes_schemas_and_vscode_settings() {
    let t = tempfile::tempdir().unwrap();
    wuye(t.path(), &["new", "est"]);
    let est = t.path().join("est");
    let settings: Value =
        serde_json::from_str(&std::fs::read_to_string(est.join(".vscode/settings.json")).unwrap()).unwrap();
    let map = settings["yaml.schemas"].as_object().unwrap();
    assert_eq!(map["./schemas/tickets.schema.json"], serde_json::json!(["content/records/*/tickets.yaml"]));
    for k in map.keys() {
        assert!(est.join(k.trim_start_matches("./")).is_file(), "{k}");
    }
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}
