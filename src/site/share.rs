//! What makes a public page travel well: the site icon, the share image for
//! Open Graph cards, and the QR code printed on a notice for the lobby board.
//!
//! The QR code encodes the page's absolute URL (`base_url` + path) so a
//! printed notice leads back to the current version. It is drawn by the
//! `qrcode` crate; here its dark modules are merged into horizontal runs,
//! one SVG path, which the template puts into an inline `<svg>`.

use qrcode::{Color, EcLevel};
use serde::Serialize;

use super::{Ctx, Job, Which};

mod qr_mask;
use crate::records::Estate;

/// A QR code ready for a template: `<svg viewBox="0 0 {size} {size}"><path d="{path}"/>`.
#[derive(Clone, Debug, Serialize)]
pub struct QrView {
    /// Side in modules, the 4-module quiet zone included.
    pub size: usize,
    /// SVG path data of the dark modules (M, h, v, z, digits, spaces, minus
    /// signs), as a string Tera knows to be safe: printed as it is, without a
    /// filter copying it on every page.
    pub path: tera::Value,
    /// The encoded URL (printed small under the code).
    pub url: String,
}

/// The QR code of `url` (error correction M: a printed notice gets scuffed),
/// or `None` when the URL is too long for a QR code.
pub fn qr(url: &str) -> Option<QrView> {
    let quiet = 4;
    let (path, w) = match qr_mask::encode_rows(url.as_bytes(), EcLevel::M).ok()? {
        qr_mask::Encoded::Rows(rows, w) => (row_runs_path(&rows[..w], quiet), w),
        qr_mask::Encoded::Colors(colors, w) => (runs_path(&wide_rows(&colors, w), w, quiet), w),
    };
    Some(QrView { size: w + 2 * quiet, path: tera::Value::safe_string(&path), url: url.to_string() })
}

/// The SVG path of the dark modules: each horizontal run of them is
/// `M{x} {y}h{n}v1h-{n}z`, found a word at a time and written as two
/// [`Pieces`] (10,000 codes a build: writing its numbers digit by digit
/// cost more than finding the runs).
fn runs_path<R: Row>(rows: &[R], w: usize, quiet: usize) -> String {
    let pieces = &*PIECES;
    // A code's path is about 3.6 bytes a module (3,900 for 33 × 33): room
    // for it at once, not two reallocations and copies on the way.
    let mut path = Vec::with_capacity(w * w * 4);
    for (y, row) in rows.iter().enumerate() {
        let mut rest = row.clone();
        while let Some(start) = rest.first_dark() {
            let n = rest.dark_run(start);
            pieces.push_run(&mut path, start + quiet, y + quiet, n);
            rest.clear(start, n);
        }
    }
    // Only ASCII was written.
    String::from_utf8(path).unwrap_or_default()
}

/// [`runs_path`] for codes up to 64 modules wide, a `u64` a row: a row's
/// runs are written into a buffer on the stack, then appended to the path
/// at once, not piece by piece with a check for room each (10,000 whole
/// codes on one core: 37.8 → 34.4 ms).
fn row_runs_path(rows: &[u64], quiet: usize) -> String {
    let pieces = &*PIECES;
    let mut path = Vec::with_capacity(rows.len() * rows.len() * 4);
    // At most 32 runs a row, each written as 8 + 16 bytes and kept as at most 7 + 9.
    let mut line = [0u8; 32 * 16 + 16];
    for (y, &row) in rows.iter().enumerate() {
        let Some(at) = pieces.at.get((y + quiet) * AT..(y + quiet + 1) * AT) else {
            return runs_path(rows, rows.len(), quiet);
        };
        let (mut rest, mut len) = (row, 0);
        while rest != 0 {
            let start = rest.trailing_zeros() as usize;
            let n = (rest >> start).trailing_ones() as usize;
            rest &= !(u64::MAX >> (64 - n) << start);
            let (Some(a), Some(b)) = (at.get(start + quiet), pieces.run.get(n)) else {
                return runs_path(rows, rows.len(), quiet);
            };
            line[len..len + 8].copy_from_slice(&a.bytes);
            len += a.len;
            line[len..len + 16].copy_from_slice(&b.bytes);
            len += b.len;
        }
        path.extend_from_slice(&line[..len]);
    }
    // Only ASCII was written.
    String::from_utf8(path).unwrap_or_default()
}

/// Path text up to `N` bytes, padded to `N` so that appending it is one
/// fixed-size copy and a cut, not a call to copy two or three bytes.
#[derive(Clone, Copy)]
struct Piece<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> Piece<N> {
    fn new(text: &str) -> Piece<N> {
        let mut bytes = [b' '; N];
        bytes[..text.len()].copy_from_slice(text.as_bytes());
        Piece { bytes, len: text.len() }
    }

    fn put(&self, path: &mut Vec<u8>) {
        path.extend_from_slice(&self.bytes);
        path.truncate(path.len() - N + self.len);
    }
}

/// A run's text in two pieces, for codes up to 64 modules wide and their
/// 4-module quiet zone: `M{x} {y}h` (by row, then column) and `{n}v1h-{n}z`.
struct Pieces {
    /// `M{x} {y}h` at `y * AT + x`: one table, so a lookup is one bounds check.
    at: Vec<Piece<8>>,
    run: Vec<Piece<16>>,
}

/// Side of the `at` table: 64 modules and a quiet zone on each side.
const AT: usize = 72;

static PIECES: std::sync::LazyLock<Pieces> = std::sync::LazyLock::new(|| Pieces {
    at: (0..AT * AT).map(|i| Piece::new(&format!("M{} {}h", i % AT, i / AT))).collect(),
    run: (0..=64).map(|n| Piece::new(&format!("{n}v1h-{n}z"))).collect(),
});

impl Pieces {
    /// Appends `M{x} {y}h{n}v1h-{n}z`.
    fn push_run(&self, path: &mut Vec<u8>, x: usize, y: usize, n: usize) {
        let at = if x < AT { self.at.get(y * AT + x) } else { None };
        match (at, self.run.get(n)) {
            (Some(a), Some(b)) => {
                a.put(path);
                b.put(path);
            }
            // Wider codes (URLs of over ~250 bytes).
            _ => path.extend_from_slice(format!("M{x} {y}h{n}v1h-{n}z").as_bytes()),
        }
    }
}

/// One row of a code as bits, any width (`u64` words, bit `x % 64` of word `x / 64`).
trait Row: Clone {
    /// The first dark module.
    fn first_dark(&self) -> Option<usize>;
    /// How many dark modules from `start` on in a row.
    fn dark_run(&self, start: usize) -> usize;
    /// Makes `n` modules from `start` light.
    fn clear(&mut self, start: usize, n: usize);
}

impl Row for u64 {
    fn first_dark(&self) -> Option<usize> {
        (*self != 0).then(|| self.trailing_zeros() as usize)
    }
    fn dark_run(&self, start: usize) -> usize {
        (self >> start).trailing_ones() as usize
    }
    fn clear(&mut self, start: usize, n: usize) {
        *self &= !((u64::MAX >> (64 - n)) << start);
    }
}

impl Row for Vec<u64> {
    fn first_dark(&self) -> Option<usize> {
        self.iter().enumerate().find(|(_, w)| **w != 0).map(|(i, w)| i * 64 + w.trailing_zeros() as usize)
    }
    fn dark_run(&self, start: usize) -> usize {
        (start..self.len() * 64).take_while(|x| self[x / 64] >> (x % 64) & 1 == 1).count()
    }
    fn clear(&mut self, start: usize, n: usize) {
        for x in start..start + n {
            self[x / 64] &= !(1 << (x % 64));
        }
    }
}

/// Codes wider than 64 modules (URLs of over ~250 bytes), row by row as words.
fn wide_rows(colors: &[Color], w: usize) -> Vec<Vec<u64>> {
    (0..w)
        .map(|y| {
            let mut row = vec![0u64; w.div_ceil(64)];
            for x in (0..w).filter(|x| colors[y * w + x] == Color::Dark) {
                row[x / 64] |= 1 << (x % 64);
            }
            row
        })
        .collect()
}

/// The estate's own icon in `static/` (`favicon.svg`, `.ico` or `.png`), if any.
fn own_favicon(estate: &Estate) -> Option<&str> {
    ["favicon.svg", "favicon.ico", "favicon.png"]
        .into_iter()
        .find(|f| estate.static_files.iter().any(|s| s.replace('\\', "/") == *f))
}

/// The site icon's path from the site root: the estate's own, or the
/// generated `favicon.svg`.
pub fn favicon_path(estate: &Estate) -> String {
    own_favicon(estate).unwrap_or("favicon.svg").to_string()
}

/// The media type of [`favicon_path`]'s file.
pub fn favicon_type(estate: &Estate) -> &'static str {
    match own_favicon(estate) {
        Some("favicon.ico") => "image/x-icon",
        Some("favicon.png") => "image/png",
        _ => "image/svg+xml",
    }
}

/// The absolute URL of `static/share.png` when the estate supplies one.
pub fn share_image(estate: &Estate) -> Option<String> {
    estate
        .static_files
        .iter()
        .any(|s| s == "share.png")
        .then(|| super::format::absolute_url(&estate.site.base_url, "share.png"))
}

#[derive(Serialize)]
struct IconView {
    /// The first character of the estate's name (or of the centre's).
    initial: String,
}

/// The generated icon for both sites, unless the estate has its own (which
/// `static/` copies to the public site; the internal site gets the generated one).
pub fn jobs(cx: &Ctx) -> Vec<Job> {
    let site = &cx.estate.site;
    let initial = site.estate.chars().chain(site.name.chars()).find(|c| !c.is_whitespace()).unwrap_or('物');
    let view = IconView { initial: initial.to_string() };
    let mut out = Vec::new();
    let mut which = vec![Which::Internal];
    if own_favicon(cx.estate).is_none() {
        which.push(Which::Public);
    }
    for w in which {
        let meta = cx.meta(w, "favicon.svg", "", "");
        out.push(cx.job(w, meta, "favicon.svg", &view));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_has_a_quiet_zone_and_runs() {
        let q = qr("https://example.org/cuihu/notices/a.html").unwrap();
        // 40 bytes at level M: version 3 (29 modules) + 8 quiet.
        assert_eq!(q.size, 37);
        let path = q.path.as_str().unwrap();
        assert!(path.starts_with("M4 4h7v1h-7z"), "{}", &path[..40]);
        assert!(q.path.is_safe(), "printed as it is, with no filter");
    }

    /// The path drawn from the `qrcode` crate's own modules, run by run.
    fn crate_path(url: &str) -> (usize, String) {
        let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).unwrap();
        let (w, colors) = (code.width(), code.to_colors());
        let mut path = String::new();
        for y in 0..w {
            let mut x = 0;
            while x < w {
                let start = x;
                while x < w && colors[y * w + x] == Color::Dark {
                    x += 1;
                }
                if x > start {
                    path.push_str(&format!("M{} {}h{}v1h-{}z", start + 4, y + 4, x - start, x - start));
                } else {
                    x += 1;
                }
            }
        }
        (w + 8, path)
    }

    /// The row-at-a-time path writes what the run-by-run one does, for rows
    /// of every width up to 64 with random modules, all dark, and alternating
    /// (the most runs a row can have).
    #[test]
    fn row_paths_are_the_run_by_run_paths() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for w in 1..=64usize {
            let mask = u64::MAX >> (64 - w);
            let mut rows: Vec<u64> = (0..w)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed & mask
                })
                .collect();
            rows[0] = mask;
            rows[w - 1] = 0x5555_5555_5555_5555 & mask;
            assert_eq!(row_runs_path(&rows, 4), runs_path(&rows, w, 4), "width {w}");
        }
    }

    /// Every URL length a site makes, up to codes wider than one word per row
    /// and up to 177 modules: the same picture as the crate's.
    #[test]
    fn qr_path_is_the_crates_modules() {
        for n in (0..1200).step_by(29) {
            let stem: String = (0..n).map(|k| char::from(b'a' + ((n + k * 13) % 26) as u8)).collect();
            let url = format!("https://example.org/estate/notices/{stem}.html");
            let q = qr(&url).unwrap();
            assert_eq!((q.size, q.path.as_str().unwrap().to_string()), crate_path(&url), "{n}");
        }
    }
}
