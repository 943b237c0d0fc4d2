#![no_main]
//! Fuzzes `calendar.yaml` (and `site.yaml`) reading.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else { return };
    let kind = if which % 2 == 0 { "calendar.yaml" } else { "site.yaml" };
    let _ = wuye::records::load::parse_bytes(kind, rest);
});
