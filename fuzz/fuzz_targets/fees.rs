#![no_main]
//! Fuzzes the parsing and checking of one `fees.yaml` file.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = wuye::records::load::parse_bytes("fees.yaml", data);
});
