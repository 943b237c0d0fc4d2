#![no_main]
//! Fuzzes the parsing and checking of one `lost-found.yaml` file.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = wuye::records::load::parse_bytes("lost-found.yaml", data);
});
