//! Content written on Windows builds the same site: CRLF line ends and a
//! UTF-8 byte-order mark (Notepad's "UTF-8 with BOM") in every YAML and
//! Markdown file, inside folders with Chinese names and spaces, give output
//! byte-identical to the LF original. (Drive letters and backslashes are
//! exercised by .ci/wine-smoke, which runs the Windows binary under Wine.)

use crate::support::estate::*;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(root).unwrap().to_string_lossy().into_owned(), fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn crlf_and_bom_content_in_a_chinese_folder_builds_the_same_site() {
    let est = TestEstate::valid();
    let root = est.root();
    let lf = est.run(&["build", "--content", "content", "--date", DATE, "--output", "out-lf", "--no-cache"]);
    assert_eq!(lf.code, 0, "{}", lf.stderr);

    let windows = root.join("物业 中心/小区 资料");
    for e in walkdir::WalkDir::new(root.join("content")).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let rel = e.path().strip_prefix(root.join("content")).unwrap();
        let dest = windows.join(rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        let text = fs::read_to_string(e.path()).unwrap();
        assert!(!text.contains('\r'));
        fs::write(&dest, format!("\u{feff}{}", text.replace('\n', "\r\n"))).unwrap();
    }
    let content = windows.to_str().unwrap();
    let out = root.join("输出 目录");
    let crlf =
        est.run(&["build", "--content", content, "--date", DATE, "--output", out.to_str().unwrap(), "--no-cache"]);
    assert_eq!(crlf.code, 0, "{}", crlf.stderr);
    let (a, b) = (tree(&root.join("out-lf")), tree(&out));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs between the LF and the CRLF+BOM content");
    }
}
