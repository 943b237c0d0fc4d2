#![no_main]
//! Fuzzes front matter + Markdown: notice, role and bulletin parsing, and the Markdown renderer.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else { return };
    let kind = ["notice.md", "role.md", "bulletin.md"][which as usize % 3];
    let _ = wuye::records::load::parse_bytes(kind, rest);
    if let Ok(text) = std::str::from_utf8(rest) {
        let _ = wuye::site::markdown::to_html(text);
        let _ = wuye::site::markdown::summary(text, 80);
    }
});
