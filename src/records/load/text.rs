//! Reading a file as text: the size cap, UTF-8 (a BOM accepted), front matter.

use super::*;

/// Reads a file as UTF-8 text, refusing what a clerk must fix (size, encoding).
pub fn read_text(path: &Path, display: &str, lang: Lang) -> Result<String, Diagnostic> {
    let bytes = read_bytes(path, display, lang)?;
    decode(bytes).map_err(|m| Diagnostic::new(Code::FileEncoding, display, Pos::START, m.render(lang)))
}

/// Reads a file's bytes, refusing one over the size limit; [`read_text`]
/// then checks the encoding (which a cached file does not need).
pub(super) fn read_bytes(path: &Path, display: &str, lang: Lang) -> Result<Vec<u8>, Diagnostic> {
    let err = |code: Code, m: Msg| Diagnostic::new(code, display, Pos::START, m.render(lang));
    let unreadable = |e: std::io::Error| err(Code::FileRead, msg!("无法读取文件：{e}", "cannot read file: {e}"));
    // One open and one `fstat` (`fs::metadata` then `fs::read` looked the path up twice and stat'ed it twice).
    let mut file = fs::File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    let too_large = |len: u64| {
        let (mb, size) = (MAX_FILE_BYTES / 1024 / 1024, len / 1024 / 1024);
        err(
            Code::FileTooLarge,
            msg!(
                "文件太大（{size} MB，上限 {mb} MB）：请按月拆分记录",
                "file too large ({size} MB, limit {mb} MB): split the records by month"
            ),
        )
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    let len = meta.len() as usize;
    let mut bytes = Vec::with_capacity(len + 1);
    // One read for the whole file and a byte more: a read that stops at the
    // size `fstat` gave is the file's end. `read_to_end` reads once more to
    // see it return nothing (10,000 system calls at 10,000 notices). Any
    // other outcome (an error, a file that shrank or grew) goes on below.
    #[cfg(unix)]
    if rustix::io::read(&file, rustix::buffer::spare_capacity(&mut bytes)) == Ok(len) {
        return Ok(bytes);
    }
    // Through `take`: `File::read_to_end` asks the size again (a second
    // `fstat` and an `lseek` per file, 20,000 system calls at 10,000 notices),
    // and a file that grew past the limit since is still refused below.
    // What the first read took counts against the limit (at most `len + 1 <= MAX + 1`).
    let room = MAX_FILE_BYTES + 1 - bytes.len() as u64;
    std::io::Read::read_to_end(&mut std::io::Read::take(&mut file, room), &mut bytes).map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// UTF-8 with or without BOM; anything else is refused with advice.
pub(super) fn decode(mut bytes: Vec<u8>) -> Result<String, Msg<'static>> {
    let start = not_utf16(&bytes)?;
    bytes.drain(..start);
    String::from_utf8(bytes).map_err(|_| not_utf8())
}

/// [`decode`] without taking the bytes: for a Markdown page, whose front
/// matter and body are copied out anyway. Checked by `simdutf8` (the same
/// answer as std's check, several times faster on 汉字).
pub(super) fn decode_str(bytes: &[u8]) -> Result<&str, Msg<'static>> {
    let start = not_utf16(bytes)?;
    simdutf8::basic::from_utf8(&bytes[start..]).map_err(|_| not_utf8())
}

/// Refuses UTF-16 (with or without BOM); gives the length of a UTF-8 BOM to skip.
fn not_utf16(bytes: &[u8]) -> Result<usize, Msg<'static>> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Msg::new("文件是 UTF-16 编码：请另存为 UTF-8", "file is UTF-16: save it as UTF-8"));
    }
    // UTF-16 without a BOM is valid UTF-8 byte for byte when it is all ASCII,
    // with a NUL after (or before) every character; no text file holds NULs.
    // `memchr`: SIMD, where `<[u8]>::contains` reads a word at a time (every page read passes here).
    if memchr::memchr(0, bytes).is_some() {
        return Err(Msg::new(
            "文件含有空字节（NUL），可能是 UTF-16 编码：请另存为 UTF-8",
            "file contains NUL bytes (UTF-16?): save it as UTF-8",
        ));
    }
    Ok(if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) { 3 } else { 0 })
}

fn not_utf8() -> Msg<'static> {
    Msg::new("文件不是 UTF-8 编码（可能是 GBK）：请用编辑器另存为 UTF-8", "file is not UTF-8 (GBK?): save it as UTF-8")
}

/// Splits `---` front matter from a Markdown file. The YAML text keeps the
/// file's line numbers (its first line is line 2), so positions need no shift.
pub fn split_front_matter(text: &str) -> Result<(Option<String>, String), Msg<'static>> {
    let first_end = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Ok((None, text.to_string()));
    }
    let mut offset = first_end;
    for line in text[first_end..].split_inclusive('\n') {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            let yaml = format!("\n{}", &text[first_end..offset]);
            let body = text[offset + line.len()..].to_string();
            return Ok((Some(yaml), body));
        }
        offset += line.len();
    }
    Err(Msg::new("front matter 没有结束：在元数据后面加一行 ---", "unterminated front matter: add a closing --- line"))
}
