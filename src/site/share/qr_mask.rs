//! The `qrcode` crate's encoder with a faster choice of mask.
//!
//! A QR code is drawn eight times, once per mask pattern, and the one with the
//! lowest penalty score is kept. `qrcode` 0.14 masks a cloned canvas module by
//! module and scores it through bounds-checked accessors and a boxed closure
//! per module, which made the QR code on every notice page most of a
//! 10,000-notice build. Here a code up to 64 modules wide (a URL of up to
//! ~250 bytes) is one `u64` per row and per column, and each candidate is the
//! code's data bits XOR a precomputed template of the masked empty canvas;
//! the scores are then counted with bit operations. The rules, the tie-break
//! (the first pattern with the lowest score wins) and the integer arithmetic
//! are the crate's own, so the chosen mask, hence every module, is the same;
//! the tests compare both. The data modules are placed from a per-version
//! list of their positions (the crate draws a whole canvas per code for
//! that). Wider codes use the crate itself.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::types::{Color, EcLevel, QrResult, Version};
use qrcode::{QrCode, bits, ec};

/// The eight patterns in the crate's order (its tie-break).
const PATTERNS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// Widest code handled here: one `u64` per row.
const MAX_WIDTH: usize = 64;

/// Rows and columns of a code as bit sets (bit `x` of `rows[y]` is module
/// (x, y) dark). Fixed arrays: a candidate is a copy, not an allocation.
#[derive(Clone, Copy)]
pub(super) struct Bits {
    pub(super) rows: [u64; MAX_WIDTH],
    cols: [u64; MAX_WIDTH],
}

impl Bits {
    const EMPTY: Bits = Bits { rows: [0; MAX_WIDTH], cols: [0; MAX_WIDTH] };

    fn set(&mut self, x: usize, y: usize) {
        self.rows[y] |= 1 << x;
        self.cols[x] |= 1 << y;
    }
}

/// What every code of one version and level shares, computed once per thread.
struct Layout {
    /// Each pattern applied to the canvas of functional patterns alone, i.e.
    /// the functional modules, the format information and, on every data
    /// module, the mask bit.
    masked: [Bits; 8],
    /// The data modules in the order the crate's `draw_data` fills them
    /// (its zigzag, skipping functional modules): bit `i` of the codewords
    /// goes to `order[i]`. Drawing a canvas per code cost more than masking it.
    order: Vec<(u8, u8)>,
    /// The error correction codewords, or `None` to let the crate make them.
    ec: Option<Ec>,
}

thread_local! {
    /// Per (version, level), the [`Layout`].
    static LAYOUTS: RefCell<HashMap<(i16, u8), Rc<Layout>>> = RefCell::new(HashMap::new());
}

fn layout(version: Version, v: i16, ec_level: EcLevel, w: usize, data_codewords: usize) -> Rc<Layout> {
    LAYOUTS.with(|t| {
        t.borrow_mut()
            .entry((v, ec_level as u8))
            .or_insert_with(|| {
                let mut c = Canvas::new(version, ec_level);
                c.draw_all_functional_patterns();
                let order = data_order(&c, w);
                let masked = PATTERNS.map(|p| {
                    let mut m = c.clone();
                    m.apply_mask(p);
                    dark_bits(&m.into_colors(), w)
                });
                Rc::new(Layout { masked, order, ec: Ec::new(version, ec_level, data_codewords) })
            })
            .clone()
    })
}

/// The crate's `DataModuleIter` for a normal code (timing column 6), keeping
/// the modules still empty after the functional patterns.
fn data_order(functional: &Canvas, w: usize) -> Vec<(u8, u8)> {
    let (width, timing) = (w as i16, 6);
    let (mut x, mut y) = (width - 1, width - 1);
    let mut out = Vec::with_capacity(w * w);
    loop {
        let col = if x <= timing { x + 1 } else { x };
        if col <= 0 {
            break;
        }
        if functional.get(x, y) == Module::Empty {
            out.push((x as u8, y as u8));
        }
        match (width - col) % 4 {
            2 if y > 0 => (y, x) = (y - 1, x + 1),
            0 if y < width - 1 => (y, x) = (y + 1, x + 1),
            0 | 2 if x == timing + 1 => x -= 2,
            _ => x -= 1,
        }
    }
    out
}

/// Reed–Solomon error correction for one version and level: the codewords
/// `ec::construct_codewords` makes, with the generator polynomial multiplied
/// out once per lead byte, so that each data byte costs one XOR of the
/// remainder, not a logarithm-table product (with a `% 255`) per EC byte.
/// That product was a fifth of a code's time.
///
/// Nothing here restates the standard's tables: the blocks are read off the
/// crate's own interleaving of a probe message, each row is the crate's EC of
/// a one-byte message, and the result is only used if it gives the crate's
/// codewords for the probe.
struct Ec {
    /// Data codewords per block, in order.
    blocks: Vec<usize>,
    /// EC codewords per block.
    len: usize,
    /// `rows[b]`: the EC of the one-byte message `[b]` (`b` times the generator).
    rows: Vec<Vec<u8>>,
}

impl Ec {
    /// For codes of `n` data codewords.
    fn new(version: Version, ec_level: EcLevel, n: usize) -> Option<Ec> {
        // A message of distinct codewords, as the low and the high byte of each index.
        let lo: Vec<u8> = (0..n).map(|i| i as u8).collect();
        let hi: Vec<u8> = (0..n).map(|i| (i >> 8) as u8).collect();
        let (data_lo, ec_lo) = ec::construct_codewords(&lo, version, ec_level).ok()?;
        let (data_hi, _) = ec::construct_codewords(&hi, version, ec_level).ok()?;
        let order: Vec<usize> =
            data_lo.iter().zip(&data_hi).map(|(l, h)| usize::from(*l) | usize::from(*h) << 8).collect();
        // Interleaving takes the first codeword of every block, then the second of the first block (index 1).
        let count = order.iter().position(|&i| i == 1).unwrap_or(1).max(1);
        let starts = &order[..count.min(order.len())];
        let blocks: Vec<usize> = starts
            .iter()
            .zip(starts.iter().skip(1).chain([&n]))
            .map(|(a, b)| b.checked_sub(*a))
            .collect::<Option<_>>()?;
        let len = ec_lo.len() / blocks.len();
        let rows = (0..=255u8).map(|b| ec::create_error_correction_code(&[b], len)).collect();
        let ec = Ec { blocks, len, rows };
        (ec.codewords(&lo) == Some((data_lo, ec_lo))).then_some(ec)
    }

    /// The data and EC codewords, each interleaved across the blocks
    /// (`None` if `raw` is not exactly the version's data codewords).
    fn codewords(&self, raw: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
        if raw.len() != self.blocks.iter().sum::<usize>() || self.len == 0 {
            return None;
        }
        let mut blocks = Vec::with_capacity(self.blocks.len());
        let mut rest = raw;
        for &n in &self.blocks {
            let (block, after) = rest.split_at(n);
            blocks.push(block);
            rest = after;
        }
        let ecs: Vec<Vec<u8>> = blocks.iter().map(|b| self.block(b)).collect();
        let longest = self.blocks.iter().max().copied().unwrap_or(0);
        let mut data = Vec::with_capacity(raw.len());
        for i in 0..longest {
            data.extend(blocks.iter().filter_map(|b| b.get(i)));
        }
        let mut ec = Vec::with_capacity(self.len * ecs.len());
        for i in 0..self.len {
            ec.extend(ecs.iter().map(|e| e[i]));
        }
        Some((data, ec))
    }

    /// One block's EC: the remainder of the message times x^len divided by
    /// the generator, worked in place as the crate does (each data byte's
    /// row XORed in after it), with one XOR of a row per byte.
    fn block(&self, data: &[u8]) -> Vec<u8> {
        let mut work = data.to_vec();
        work.resize(data.len() + self.len, 0);
        for i in 0..data.len() {
            let row = &self.rows[usize::from(work[i])];
            for (r, t) in work[i + 1..].iter_mut().zip(row) {
                *r ^= t;
            }
        }
        work.split_off(data.len())
    }
}

fn dark_bits(colors: &[Color], w: usize) -> Bits {
    let mut b = Bits::EMPTY;
    for (i, c) in colors.iter().enumerate() {
        if *c == Color::Dark {
            b.set(i % w, i / w);
        }
    }
    b
}

/// The modules of `data`'s QR code at level `ec_level`, row by row, and the
/// width: what `QrCode::with_error_correction_level(..).to_colors()` gives.
#[cfg(test)]
pub fn encode(data: &[u8], ec_level: EcLevel) -> QrResult<(Vec<Color>, usize)> {
    Ok(match encode_rows(data, ec_level)? {
        Encoded::Rows(b, w) => (
            (0..w * w).map(|i| if b.rows[i / w] >> (i % w) & 1 == 1 { Color::Dark } else { Color::Light }).collect(),
            w,
        ),
        Encoded::Colors(c, w) => (c, w),
    })
}

/// A code as row bit sets (width up to 64), or, wider, as the crate's colours.
pub(super) enum Encoded {
    /// Rows as bits, and the width.
    Rows(Box<Bits>, usize),
    /// Every module row by row, and the width.
    Colors(Vec<Color>, usize),
}

/// The modules of `data`'s QR code at level `ec_level`: the same modules as
/// `QrCode::with_error_correction_level(..)`.
pub(super) fn encode_rows(data: &[u8], ec_level: EcLevel) -> QrResult<Encoded> {
    let bits = bits::encode_auto(data, ec_level)?;
    let version = bits.version();
    let w = version.width() as usize;
    let Version::Normal(v) = version else {
        // Micro codes score differently (never made by `encode_auto`).
        return Ok(Encoded::Colors(QrCode::with_error_correction_level(data, ec_level)?.into_colors(), w));
    };
    if w > MAX_WIDTH {
        return Ok(Encoded::Colors(QrCode::with_error_correction_level(data, ec_level)?.into_colors(), w));
    }
    let raw = bits.into_bytes();
    let layout = layout(version, v, ec_level, w, raw.len());
    let (data, ec_data) = match layout.ec.as_ref().and_then(|ec| ec.codewords(&raw)) {
        Some(words) => words,
        None => ec::construct_codewords(&raw, version, ec_level)?,
    };
    // The data modules' own colours (what `draw_data` puts there); functional ones stay 0 (the template has them).
    let mut data_bits = Bits::EMPTY;
    let codewords = data.iter().chain(&ec_data);
    let mut at = layout.order.iter();
    'words: for b in codewords {
        for j in (0..8).rev() {
            let Some(&(x, y)) = at.next() else { break 'words };
            // Without a branch: half the bits are dark, at random.
            let bit = u64::from(b >> j & 1);
            data_bits.rows[y as usize] |= bit << x;
            data_bits.cols[x as usize] |= bit << y;
        }
    }
    Ok(Encoded::Rows(Box::new(best(&layout.masked, &data_bits, w)), w))
}

/// The candidate with the lowest penalty, the first on a tie. Scoring is
/// some 250 population counts per candidate: on x86-64 a CPU with the
/// `popcnt` instruction (every one since 2008; Windows 11 requires it) runs
/// the same code compiled for it, a quarter faster than the portable
/// bit-twiddling count (10,000 codes: 87 → 68 ms on one core).
fn best(masked: &[Bits; 8], data: &Bits, w: usize) -> Bits {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("popcnt") {
        // SAFETY: the CPU has just been found to have `popcnt`, the only feature the function enables.
        return unsafe { best_popcnt(masked, data, w) };
    }
    best_in(masked, data, w)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
fn best_popcnt(masked: &[Bits; 8], data: &Bits, w: usize) -> Bits {
    best_in(masked, data, w)
}

/// [`best`]'s body, inlined into each of its versions: the crate's total
/// penalty (`compute_total_penalty_scores`) of all eight candidates at once,
/// line by line, each candidate a lane of `[u64; 8]` (no candidate is copied
/// out until one has won; scoring them one at a time and stopping a loser
/// early saved little, as a loser's first parts rarely exceed a winner's total).
/// The sums are at most a few thousand points: they cannot wrap.
#[inline(always)]
fn best_in(masked: &[Bits; 8], data: &Bits, w: usize) -> Bits {
    let full = if w == 64 { u64::MAX } else { (1u64 << w) - 1 };
    let pairs = full >> 1;
    let mut adjacent = [0u32; 8];
    let mut blocks = [0u32; 8];
    let mut finder_h = [0u32; 8];
    let mut finder_v = [0u32; 8];
    let mut dark = [0u32; 8];
    let mut above = [0u64; 8];
    for y in 0..w {
        let row: [u64; 8] = std::array::from_fn(|p| masked[p].rows[y] ^ data.rows[y]);
        let col: [u64; 8] = std::array::from_fn(|p| masked[p].cols[y] ^ data.cols[y]);
        for p in 0..8 {
            let (r, c) = (row[p], col[p]);
            adjacent[p] = adjacent[p].wrapping_add(runs(r, w).wrapping_add(runs(c, w)));
            finder_h[p] = finder_h[p].wrapping_add(finders(r, w));
            finder_v[p] = finder_v[p].wrapping_add(finders(c, w));
            dark[p] = dark[p].wrapping_add(r.count_ones());
            // 2×2 blocks of one colour: module x equal to x + 1 in both rows, and the rows equal at x.
            let a = above[p];
            let same = !(a ^ (a >> 1)) & !(r ^ (r >> 1)) & !(a ^ r) & pairs;
            blocks[p] = blocks[p].wrapping_add(if y > 0 { 3 * same.count_ones() } else { 0 });
        }
        above = row;
    }
    let mut best = (u32::MAX, 0);
    for p in 0..8 {
        // The crate subtracts, in each direction, the 360 points its own three finder patterns score.
        let finder = finder_h[p].saturating_sub(360) + finder_v[p].saturating_sub(360);
        let balance = (dark[p] as usize * 200 / (w * w)).abs_diff(100) as u32;
        let total = adjacent[p] + blocks[p] + finder + balance;
        // The first pattern with the lowest score wins (the crate's tie-break).
        if total < best.0 {
            best = (total, p);
        }
    }
    let mut b = masked[best.1];
    for (t, d) in b.rows[..w].iter_mut().zip(&data.rows[..w]) {
        *t ^= d;
    }
    for (t, d) in b.cols[..w].iter_mut().zip(&data.cols[..w]) {
        *t ^= d;
    }
    b
}

/// Every run of 5 + n modules of one colour in a line of `w` scores 3 + n.
///
/// Bit `x` of `same` says module x equals module x + 1, so a run of `len`
/// modules is `len - 1` ones there; `four` marks each start of four such
/// ones, `len - 4` of them per run of 5 or more, whose score `len - 2` is
/// that plus 2 per run.
#[inline(always)]
fn runs(line: u64, w: usize) -> u32 {
    let same = !(line ^ (line >> 1)) & (u64::MAX >> (65 - w));
    let four = same & (same >> 1) & (same >> 2) & (same >> 3);
    four.count_ones() + 2 * (four & !(four << 1)).count_ones()
}

/// Every `#.###.#` in a line scores 40 unless dark modules lie within four
/// modules on both sides (the crate's condition; outside the code is light).
///
/// All with shifts: `at` marks where the pattern starts, `before` where the
/// four modules before the start are light, `after` where the four after its
/// end are (the modules past the code read as light).
#[inline(always)]
fn finders(line: u64, w: usize) -> u32 {
    if w < 7 {
        return 0;
    }
    let light = !line;
    let at = (u64::MAX >> (64 - (w - 6)))
        & line
        & (light >> 1)
        & (line >> 2)
        & (line >> 3)
        & (line >> 4)
        & (light >> 5)
        & (line >> 6);
    // Bit j + 4 of `shifted` is module j; its low four bits are the light outside.
    let shifted = (light << 4) | 0xF;
    let before = shifted & (shifted >> 1) & (shifted >> 2) & (shifted >> 3);
    // Bits of `line` from `w` on are 0, so `!line` reads them as light, and
    // so do the bits a shift brings in past bit 63 (set by `| !(MAX >> k)`).
    let after = (0..4).fold(u64::MAX, |acc, k| acc & ((light >> (7 + k)) | !(u64::MAX >> (7 + k))));
    40 * (at & (before | after)).count_ones()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chosen modules equal the crate's for URLs of every length a site
    /// makes, at every level (versions 1 to 14: both the bit path and the
    /// crate fallback), so no page changes by a single module.
    #[test]
    fn same_modules_as_the_qrcode_crate() {
        let mut checked = 0;
        for n in 0..300usize {
            let stem: String = (0..(n * 3) % 260).map(|k| char::from(b'a' + ((n * 7 + k * 13) % 26) as u8)).collect();
            let url = format!("https://example.org/estate-{n}/notices/{stem}-{}.html", n * 7919);
            for level in [EcLevel::L, EcLevel::M, EcLevel::Q, EcLevel::H] {
                let theirs = QrCode::with_error_correction_level(url.as_bytes(), level).unwrap();
                let (ours, w) = encode(url.as_bytes(), level).unwrap();
                assert_eq!(w, theirs.width(), "{url}");
                assert!(ours == theirs.to_colors(), "{url} at {level:?}");
                checked += 1;
            }
        }
        assert_eq!(checked, 1200);
        // Short inputs: numeric and alphanumeric modes, version 1.
        for s in ["", "1", "0123456789", "HTTPS://EXAMPLE.ORG/", "公告"] {
            let theirs = QrCode::with_error_correction_level(s.as_bytes(), EcLevel::M).unwrap();
            assert!(encode(s.as_bytes(), EcLevel::M).unwrap().0 == theirs.to_colors(), "{s:?}");
        }
    }

    /// The faster error correction is taken for every version a row of bits
    /// holds, at every level, and gives the crate's codewords.
    #[test]
    fn error_correction_is_the_crates() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for v in 1..=11 {
            for level in [EcLevel::L, EcLevel::M, EcLevel::Q, EcLevel::H] {
                let version = Version::Normal(v);
                let n = bits::Bits::new(version).max_len(level).unwrap() / 8;
                let ec = Ec::new(version, level, n).unwrap_or_else(|| panic!("version {v} {level:?}"));
                for _ in 0..20 {
                    let raw: Vec<u8> = (0..n)
                        .map(|_| {
                            seed ^= seed << 13;
                            seed ^= seed >> 7;
                            seed ^= seed << 17;
                            seed as u8
                        })
                        .collect();
                    assert_eq!(ec.codewords(&raw), Some(ec::construct_codewords(&raw, version, level).unwrap()));
                }
                assert_eq!(ec.codewords(&[0; 3]), None, "a message of the wrong length is left to the crate");
            }
        }
    }

    #[test]
    fn too_long_is_an_error_like_the_crate() {
        let long = vec![b'x'; 4000];
        assert!(encode(&long, EcLevel::M).is_err());
        assert!(QrCode::with_error_correction_level(&long, EcLevel::M).is_err());
    }
}
