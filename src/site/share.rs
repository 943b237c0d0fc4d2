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
    /// SVG path data of the dark modules.
    pub path: String,
    /// The encoded URL (printed small under the code).
    pub url: String,
}

/// The QR code of `url` (error correction M: a printed notice gets scuffed),
/// or `None` when the URL is too long for a QR code.
pub fn qr(url: &str) -> Option<QrView> {
    let (colors, w) = qr_mask::encode(url.as_bytes(), EcLevel::M).ok()?;
    let quiet = 4;
    let mut path = String::with_capacity(w * w);
    for y in 0..w {
        let mut x = 0;
        while x < w {
            if colors[y * w + x] == Color::Dark {
                let start = x;
                while x < w && colors[y * w + x] == Color::Dark {
                    x += 1;
                }
                // `M{x} {y}h{n}v1h-{n}z`, without `format!`'s machinery (10,000 codes a build).
                path.push('M');
                push_num(&mut path, start + quiet);
                path.push(' ');
                push_num(&mut path, y + quiet);
                path.push('h');
                push_num(&mut path, x - start);
                path.push_str("v1h-");
                push_num(&mut path, x - start);
                path.push('z');
            } else {
                x += 1;
            }
        }
    }
    Some(QrView { size: w + 2 * quiet, path, url: url.to_string() })
}

/// Appends `n` in decimal.
fn push_num(s: &mut String, n: usize) {
    if n >= 10 {
        push_num(s, n / 10);
    }
    s.push(char::from(b'0' + (n % 10) as u8));
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
        .then(|| super::fmt::absolute_url(&estate.site.base_url, "share.png"))
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
        assert!(q.path.starts_with("M4 4h7v1h-7z"), "{}", &q.path[..40]);
    }
}
