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

/// Rows and columns of modules as bit sets (bit `x` of `rows[y]` is module
/// (x, y) dark): a code's data bits, and a mask's template while
/// [`Layout::lanes`] is made from them.
#[derive(Clone, Copy)]
struct Bits {
    rows: [u64; MAX_WIDTH],
    cols: [u64; MAX_WIDTH],
}

impl Bits {
    const EMPTY: Bits = Bits { rows: [0; MAX_WIDTH], cols: [0; MAX_WIDTH] };

    fn set(&mut self, x: usize, y: usize) {
        self.rows[y] |= 1 << x;
        self.cols[x] |= 1 << y;
    }
}

/// The eight templates' rows and columns, line by line (see [`Layout::lanes`]).
struct Lanes {
    rows: [[u64; 8]; MAX_WIDTH],
    cols: [[u64; 8]; MAX_WIDTH],
}

/// What every code of one version and level shares, computed once per thread.
struct Layout {
    /// Each pattern applied to the canvas of functional patterns alone, i.e.
    /// the functional modules, the format information and, on every data
    /// module, the mask bit; line by line: `lanes.rows[y][p]` is row `y` of
    /// pattern `p`'s template (and `cols` likewise), so that scoring reads
    /// the eight candidates of a line as one contiguous `[u64; 8]` (one
    /// vector load), and the winner's rows are read from the same table.
    lanes: Box<Lanes>,
    /// Where each codeword's eight bits go, in the order the crate's
    /// `draw_data` fills the data modules (its zigzag, skipping functional
    /// modules). Drawing a canvas per code cost more than masking it.
    places: Vec<Place>,
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
                let places = data_order(&c, w).chunks(8).map(Place::of).collect();
                let masked = PATTERNS.map(|p| {
                    let mut m = c.clone();
                    m.apply_mask(p);
                    dark_bits(&m.into_colors(), w)
                });
                let lanes = Box::new(Lanes {
                    rows: std::array::from_fn(|y| masked.map(|m| m.rows[y])),
                    cols: std::array::from_fn(|x| masked.map(|m| m.cols[x])),
                });
                Rc::new(Layout { lanes, places, ec: Ec::new(version, ec_level, data_codewords) })
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

/// The modules of one codeword, most significant bit first.
#[derive(Clone, Copy)]
enum Place {
    /// Most codewords: eight steps of the zigzag up (`up`) or down a strip
    /// of two columns, `x` and `x - 1`, starting at row `y`: at its right
    /// column (`odd` false: four rows, two bits each), or, after a module
    /// the zigzag skipped, at its left one (`odd`: five rows, one bit in the
    /// first and the last). A row then takes its bits at once and a column
    /// by table, where bit by bit each went into a row and a column: 10,000
    /// version-4 codes (77 of their 101 codewords are blocks) 23.3 → 20.3 ms
    /// on one core.
    Block { x: u8, y: u8, up: bool, odd: bool },
    /// A codeword that turns at the top or bottom, or goes round the
    /// timing pattern or an alignment pattern: bit by bit.
    Bits([(u8, u8); 8], u8),
}

impl Place {
    /// The place of a codeword whose bits go to `at` (eight positions, or
    /// fewer for the last, which the remainder bits leave short).
    fn of(at: &[(u8, u8)]) -> Place {
        if at.len() == 8 {
            for (up, odd) in [(true, false), (true, true), (false, false), (false, true)] {
                let Some(block) = Place::block_at(at[0], up, odd) else { continue };
                let slots = (0..8).map(|i| Place::slot(block, i + usize::from(odd)));
                if slots.eq(at.iter().map(|&p| Some(p))) {
                    return block;
                }
            }
        }
        let mut bits = [(0, 0); 8];
        bits[..at.len()].copy_from_slice(at);
        Place::Bits(bits, at.len() as u8)
    }

    /// The block whose first bit is at `(fx, fy)`: in its strip's right
    /// column, or in its left one when `odd`.
    fn block_at((fx, fy): (u8, u8), up: bool, odd: bool) -> Option<Place> {
        let x = if odd { fx.checked_add(1)? } else { fx };
        (x >= 1).then_some(Place::Block { x, y: fy, up, odd })
    }

    /// Step `t` of a block's zigzag, or `None` if it falls above row 0 (step
    /// 0 is its right column's first row, where an `odd` block has no bit).
    fn slot(block: Place, t: usize) -> Option<(u8, u8)> {
        let Place::Block { x, y, up, .. } = block else { return None };
        let r = (t / 2) as u8;
        let row = if up { y.checked_sub(r)? } else { y.checked_add(r)? };
        Some((x - (t % 2) as u8, row))
    }
}

/// By byte, for a [`Place::Block`] going down (`[0]`) or up (`[1]`), even
/// (`[..][0]`) or odd (`[..][1]`): the bits of its right column and of its
/// left, as each column's bits from the block's lowest row on.
const COLUMN_BITS: [[[[u8; 2]; 256]; 2]; 2] = {
    let mut t = [[[[0u8; 2]; 256]; 2]; 2];
    let mut b = 0;
    while b < 256 {
        let mut odd = 0;
        while odd < 2 {
            let rows = 4 + odd;
            let mut i = 0;
            while i < 8 {
                let step = i + odd;
                let (r, left) = (step / 2, step % 2);
                let bit = ((b >> (7 - i)) & 1) as u8;
                t[0][odd][b][left] |= bit << r;
                t[1][odd][b][left] |= bit << (rows - 1 - r);
                i += 1;
            }
            odd += 1;
        }
        b += 1;
    }
    t
};

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
    /// `rows[b]`: the EC of the one-byte message `[b]` (`b` times the
    /// generator), byte `i` in bits `8i..8i + 8` of a [`Rem`], zeros after `len`.
    rows: Vec<Rem>,
}

/// A block's remainder as it is worked, up to [`Rem::BYTES`] EC codewords
/// held in two registers: byte `i` is bits `8i..8i + 8` (`lo` the first 16).
/// Each data byte then costs a shift and two XORs, not a pass over the bytes.
#[derive(Clone, Copy, Default, PartialEq, Debug)]
struct Rem {
    lo: u128,
    hi: u128,
}

impl Rem {
    /// Every version a row of bits holds (1 to 11) has at most 30 EC codewords per block.
    const BYTES: usize = 32;

    fn from_bytes(b: &[u8]) -> Rem {
        let mut le = [0u8; Rem::BYTES];
        le[..b.len()].copy_from_slice(b);
        let (lo, hi) = le.split_at(16);
        Rem {
            lo: u128::from_le_bytes(lo.try_into().unwrap_or_default()),
            hi: u128::from_le_bytes(hi.try_into().unwrap_or_default()),
        }
    }

    fn byte(&self, i: usize) -> u8 {
        (if i < 16 { self.lo >> (8 * i) } else { self.hi >> (8 * (i - 16)) }) as u8
    }
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
        if len > Rem::BYTES {
            return None;
        }
        let rows = (0..=255u8).map(|b| Rem::from_bytes(&ec::create_error_correction_code(&[b], len))).collect();
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
        let ecs: Vec<Rem> = blocks.iter().map(|b| self.block(b)).collect();
        let longest = self.blocks.iter().max().copied().unwrap_or(0);
        let mut data = Vec::with_capacity(raw.len());
        for i in 0..longest {
            data.extend(blocks.iter().filter_map(|b| b.get(i)));
        }
        let mut ec = Vec::with_capacity(self.len * ecs.len());
        for i in 0..self.len {
            ec.extend(ecs.iter().map(|e| e.byte(i)));
        }
        Some((data, ec))
    }

    /// One block's EC: the remainder of the message times x^len divided by
    /// the generator, as a shift register (the crate works it in place over
    /// a copy of the message): each byte leads, leaves the register, and its
    /// row is XORed in. With a pass over the EC bytes per data byte instead,
    /// the codewords of 10,000 version-4 codes took 6.7 ms, now 3.1 ms.
    fn block(&self, data: &[u8]) -> Rem {
        let mut r = Rem::default();
        for &d in data {
            let row = self.rows[usize::from(d ^ r.lo as u8)];
            r.lo = (r.lo >> 8 | r.hi << 120) ^ row.lo;
            r.hi = r.hi >> 8 ^ row.hi;
        }
        r
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
        Encoded::Rows(rows, w) => {
            ((0..w * w).map(|i| if rows[i / w] >> (i % w) & 1 == 1 { Color::Dark } else { Color::Light }).collect(), w)
        }
        Encoded::Colors(c, w) => (c, w),
    })
}

/// A code as row bit sets (width up to 64), or, wider, as the crate's colours.
pub(super) enum Encoded {
    /// Rows as bits (bit `x` of row `y` is module (x, y) dark), and the width.
    Rows(Box<[u64; MAX_WIDTH]>, usize),
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
    for (&b, place) in data.iter().chain(&ec_data).zip(&layout.places) {
        match *place {
            Place::Block { x, y, up, odd } => {
                let (x, y, odd) = (usize::from(x), usize::from(y), usize::from(odd));
                let rows = 4 + odd;
                // Step t of the zigzag is bit 15 - t: step t of row r is 2r (right) or 2r + 1 (left).
                let steps = u16::from(b) << (8 - odd);
                for r in 0..rows {
                    let row = if up { y - r } else { y + r };
                    data_bits.rows[row] |= u64::from(steps >> (14 - 2 * r) & 3) << (x - 1);
                }
                let low = if up { y + 1 - rows } else { y };
                let [right, left] = COLUMN_BITS[usize::from(up)][odd][usize::from(b)];
                data_bits.cols[x] |= u64::from(right) << low;
                data_bits.cols[x - 1] |= u64::from(left) << low;
            }
            Place::Bits(at, n) => {
                for (j, &(x, y)) in at[..usize::from(n)].iter().enumerate() {
                    // Without a branch: half the bits are dark, at random.
                    let bit = u64::from(b >> (7 - j) & 1);
                    data_bits.rows[usize::from(y)] |= bit << x;
                    data_bits.cols[usize::from(x)] |= bit << y;
                }
            }
        }
    }
    let p = best(&layout.lanes, &data_bits, w);
    // Pages draw rows only: the winner's columns are never made.
    Ok(Encoded::Rows(Box::new(std::array::from_fn(|y| layout.lanes.rows[y][p] ^ data_bits.rows[y])), w))
}

/// The pattern whose candidate has the lowest penalty, the first on a tie
/// (the crate's `compute_total_penalty_scores` and its choice).
///
/// Scoring is some 60 bit operations and population counts per candidate
/// and line, the same for all eight. On a CPU with AVX-512 and its vector
/// population count (`avx512vpopcntdq`: Intel since Ice Lake, AMD since
/// Zen 4) the eight candidates are the eight lanes of one register; with
/// AVX2 alone (most office PCs) they are two registers of four; elsewhere
/// the portable loop runs (all count the same sums, a test compares them).
/// Scoring 10,000 version-4 codes on one core (`qr_scoring_speed`): portable
/// 25 ms, AVX2 9 ms, AVX-512 5 ms (a version compiled with `popcnt` was
/// slower than the portable loop once the candidates of a line lay side by
/// side, 28 ms, and was removed).
fn best(lanes: &Lanes, data: &Bits, w: usize) -> usize {
    choose(&penalties(lanes, data, w), w)
}

/// The sums each rule scores, per candidate (lane `p` is pattern `p`).
#[derive(Debug, PartialEq)]
struct Sums {
    /// Rule 1, runs of five or more, rows and columns.
    adjacent: [u32; 8],
    /// Rule 2, 2×2 blocks of one colour.
    blocks: [u32; 8],
    /// Rule 3, finder-like patterns in rows, then in columns.
    finder_h: [u32; 8],
    finder_v: [u32; 8],
    /// Rule 4's dark modules.
    dark: [u32; 8],
}

fn penalties(lanes: &Lanes, data: &Bits, w: usize) -> Sums {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f") && std::arch::is_x86_feature_detected!("avx512vpopcntdq") {
            // SAFETY: the CPU has just been found to have both features the function enables.
            return unsafe { simd::penalties(lanes, data, w) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has just been found to have the feature the function enables.
            return unsafe { avx2::penalties(lanes, data, w) };
        }
    }
    penalties_in(lanes, data, w)
}

/// The total of each candidate from its sums, and the first lowest.
fn choose(s: &Sums, w: usize) -> usize {
    let mut best = (u32::MAX, 0);
    for p in 0..8 {
        // The crate subtracts, in each direction, the 360 points its own three finder patterns score.
        let finder = s.finder_h[p].saturating_sub(360) + s.finder_v[p].saturating_sub(360);
        let balance = (s.dark[p] as usize * 200 / (w * w)).abs_diff(100) as u32;
        let total = s.adjacent[p] + s.blocks[p] + finder + balance;
        // The first pattern with the lowest score wins (the crate's tie-break).
        if total < best.0 {
            best = (total, p);
        }
    }
    best.1
}

/// [`penalties`]' portable body: all eight candidates at once, line by line, each candidate a lane of
/// `[u64; 8]` (scoring them one at a time and stopping a loser early saved
/// little, as a loser's first parts rarely exceed a winner's total).
/// The sums are at most a few thousand points: they cannot wrap.
fn penalties_in(lanes: &Lanes, data: &Bits, w: usize) -> Sums {
    let full = if w == 64 { u64::MAX } else { (1u64 << w) - 1 };
    let pairs = full >> 1;
    let mut s = Sums { adjacent: [0; 8], blocks: [0; 8], finder_h: [0; 8], finder_v: [0; 8], dark: [0; 8] };
    let mut above = [0u64; 8];
    for y in 0..w {
        let row = lanes.rows[y].map(|m| m ^ data.rows[y]);
        let col = lanes.cols[y].map(|m| m ^ data.cols[y]);
        for p in 0..8 {
            let (r, c) = (row[p], col[p]);
            s.adjacent[p] = s.adjacent[p].wrapping_add(runs(r, w).wrapping_add(runs(c, w)));
            s.finder_h[p] = s.finder_h[p].wrapping_add(finders(r, w));
            s.finder_v[p] = s.finder_v[p].wrapping_add(finders(c, w));
            s.dark[p] = s.dark[p].wrapping_add(r.count_ones());
            // 2×2 blocks of one colour: module x equal to x + 1 in both rows, and the rows equal at x.
            let a = above[p];
            let same = !(a ^ (a >> 1)) & !(r ^ (r >> 1)) & !(a ^ r) & pairs;
            s.blocks[p] = s.blocks[p].wrapping_add(if y > 0 { 3 * same.count_ones() } else { 0 });
        }
        above = row;
    }
    s
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

/// [`penalties`] with the eight candidates as the eight `u64` lanes of one
/// AVX-512 register: [`runs`], [`finders`] and the 2×2 blocks of
/// [`penalties_in`], operation for operation, on `__m512i`. The compiler
/// vectorised the portable loop only in part (68 → 64 ms for 10,000 codes);
/// written out, a line of all eight candidates is some 60 instructions.
#[cfg(target_arch = "x86_64")]
mod simd {
    use std::arch::x86_64::*;

    use super::{Bits, Lanes, Sums};

    /// One line's eight candidates (64 bytes).
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn load(a: &[u64; 8]) -> __m512i {
        // SAFETY: `a` is 64 readable bytes, and the load is the unaligned one.
        unsafe { _mm512_loadu_si512(a.as_ptr().cast()) }
    }

    /// The eight lanes as numbers (each a sum of at most a few thousand).
    #[inline]
    #[target_feature(enable = "avx512f")]
    fn lanes(v: __m512i) -> [u32; 8] {
        let mut out = [0u64; 8];
        // SAFETY: `out` is 64 writable bytes, and the store is the unaligned one.
        unsafe { _mm512_storeu_si512(out.as_mut_ptr().cast(), v) };
        out.map(|x| x as u32)
    }

    #[target_feature(enable = "avx512f,avx512vpopcntdq")]
    pub(super) fn penalties(lanes_: &Lanes, data: &Bits, w: usize) -> Sums {
        let all = |v: u64| _mm512_set1_epi64(v as i64);
        let full = if w == 64 { u64::MAX } else { (1u64 << w) - 1 };
        let (ones, pairs, run_mask) = (all(u64::MAX), all(full >> 1), all(u64::MAX >> (65 - w)));
        // Where a finder pattern may start (its seven modules inside the code), and
        // the bits a shift by 7 + k brings in past bit 63 (read as light).
        let starts = all(if w < 7 { 0 } else { u64::MAX >> (64 - (w - 6)) });
        let past = [7, 8, 9, 10].map(|k| all(!(u64::MAX >> k)));
        let zero = _mm512_setzero_si512();
        let (mut adjacent, mut blocks, mut finder_h, mut finder_v, mut dark) = (zero, zero, zero, zero, zero);
        // [`super::runs`]: each start of four equal pairs, plus 2 per run of them.
        macro_rules! runs {
            ($l:expr) => {{
                let l = $l;
                let same = _mm512_andnot_si512(_mm512_xor_si512(l, _mm512_srli_epi64::<1>(l)), run_mask);
                let four = _mm512_and_si512(
                    _mm512_and_si512(same, _mm512_srli_epi64::<1>(same)),
                    _mm512_and_si512(_mm512_srli_epi64::<2>(same), _mm512_srli_epi64::<3>(same)),
                );
                let first = _mm512_popcnt_epi64(_mm512_andnot_si512(_mm512_slli_epi64::<1>(four), four));
                _mm512_add_epi64(_mm512_popcnt_epi64(four), _mm512_add_epi64(first, first))
            }};
        }
        // [`super::finders`], as a count (times 40 at the end).
        macro_rules! finders {
            ($l:expr) => {{
                let l = $l;
                let light = _mm512_xor_si512(l, ones);
                let at = _mm512_and_si512(
                    _mm512_and_si512(
                        _mm512_and_si512(starts, l),
                        _mm512_and_si512(_mm512_srli_epi64::<1>(light), _mm512_srli_epi64::<2>(l)),
                    ),
                    _mm512_and_si512(
                        _mm512_and_si512(_mm512_srli_epi64::<3>(l), _mm512_srli_epi64::<4>(l)),
                        _mm512_and_si512(_mm512_srli_epi64::<5>(light), _mm512_srli_epi64::<6>(l)),
                    ),
                );
                let shifted = _mm512_or_si512(_mm512_slli_epi64::<4>(light), all(0xF));
                let before = _mm512_and_si512(
                    _mm512_and_si512(shifted, _mm512_srli_epi64::<1>(shifted)),
                    _mm512_and_si512(_mm512_srli_epi64::<2>(shifted), _mm512_srli_epi64::<3>(shifted)),
                );
                let after = _mm512_and_si512(
                    _mm512_and_si512(
                        _mm512_or_si512(_mm512_srli_epi64::<7>(light), past[0]),
                        _mm512_or_si512(_mm512_srli_epi64::<8>(light), past[1]),
                    ),
                    _mm512_and_si512(
                        _mm512_or_si512(_mm512_srli_epi64::<9>(light), past[2]),
                        _mm512_or_si512(_mm512_srli_epi64::<10>(light), past[3]),
                    ),
                );
                _mm512_popcnt_epi64(_mm512_and_si512(at, _mm512_or_si512(before, after)))
            }};
        }
        let mut above = zero;
        for y in 0..w {
            let r = _mm512_xor_si512(load(&lanes_.rows[y]), all(data.rows[y]));
            let c = _mm512_xor_si512(load(&lanes_.cols[y]), all(data.cols[y]));
            adjacent = _mm512_add_epi64(adjacent, _mm512_add_epi64(runs!(r), runs!(c)));
            finder_h = _mm512_add_epi64(finder_h, finders!(r));
            finder_v = _mm512_add_epi64(finder_v, finders!(c));
            dark = _mm512_add_epi64(dark, _mm512_popcnt_epi64(r));
            if y > 0 {
                let a = above;
                let differ = _mm512_or_si512(
                    _mm512_or_si512(
                        _mm512_xor_si512(a, _mm512_srli_epi64::<1>(a)),
                        _mm512_xor_si512(r, _mm512_srli_epi64::<1>(r)),
                    ),
                    _mm512_xor_si512(a, r),
                );
                blocks = _mm512_add_epi64(blocks, _mm512_popcnt_epi64(_mm512_andnot_si512(differ, pairs)));
            }
            above = r;
        }
        Sums {
            adjacent: lanes(adjacent),
            blocks: lanes(blocks).map(|b| 3 * b),
            finder_h: lanes(finder_h).map(|f| 40 * f),
            finder_v: lanes(finder_v).map(|f| 40 * f),
            dark: lanes(dark),
        }
    }
}

/// [`penalties`] for x86-64 CPUs with AVX2 but not AVX-512 (most office
/// PCs: Intel's desktop chips since Alder Lake, AMD's before Zen 4): the
/// eight candidates as two registers of four `u64` lanes, each scored like
/// [`simd::penalties`]. AVX2 has no vector population count, so a lane's
/// ones are counted a nibble at a time through a 16-entry table
/// (`vpshufb`) and the bytes summed per lane (`vpsadbw`), once per rule
/// and line. Scoring 10,000 version-4 codes on one core: see [`best`].
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    use super::{Bits, Lanes, Sums};

    /// The ones in each byte (each at most 8).
    #[inline]
    #[target_feature(enable = "avx2")]
    fn ones_per_byte(v: __m256i) -> __m256i {
        let table = _mm256_setr_epi8(
            0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
        );
        let nibble = _mm256_set1_epi8(0x0F);
        let low = _mm256_shuffle_epi8(table, _mm256_and_si256(v, nibble));
        let high = _mm256_shuffle_epi8(table, _mm256_and_si256(_mm256_srli_epi16::<4>(v), nibble));
        _mm256_add_epi8(low, high)
    }

    /// Byte counts summed per `u64` lane. The byte-wise adds before it must
    /// not wrap: a byte here counts at most 48 (two lines' runs, below).
    #[inline]
    #[target_feature(enable = "avx2")]
    fn per_lane(bytes: __m256i) -> __m256i {
        _mm256_sad_epu8(bytes, _mm256_setzero_si256())
    }

    /// Lanes `4 * half ..` of one line's eight candidates.
    #[inline]
    #[target_feature(enable = "avx2")]
    fn load(a: &[u64; 8], half: usize) -> __m256i {
        let four = &a[4 * half..4 * half + 4];
        // SAFETY: `four` is 32 readable bytes, and the load is the unaligned one.
        unsafe { _mm256_loadu_si256(four.as_ptr().cast()) }
    }

    /// The four lanes as numbers (each a sum of at most a few thousand).
    #[inline]
    #[target_feature(enable = "avx2")]
    fn lanes(v: __m256i) -> [u32; 4] {
        let mut out = [0u64; 4];
        // SAFETY: `out` is 32 writable bytes, and the store is the unaligned one.
        unsafe { _mm256_storeu_si256(out.as_mut_ptr().cast(), v) };
        out.map(|x| x as u32)
    }

    #[target_feature(enable = "avx2")]
    pub(super) fn penalties(lanes_: &Lanes, data: &Bits, w: usize) -> Sums {
        let mut s = Sums { adjacent: [0; 8], blocks: [0; 8], finder_h: [0; 8], finder_v: [0; 8], dark: [0; 8] };
        for half in 0..2 {
            let sums = half_penalties(lanes_, data, w, half);
            let at = 4 * half..4 * half + 4;
            s.adjacent[at.clone()].copy_from_slice(&sums[0]);
            s.blocks[at.clone()].copy_from_slice(&sums[1].map(|b| 3 * b));
            s.finder_h[at.clone()].copy_from_slice(&sums[2].map(|f| 40 * f));
            s.finder_v[at.clone()].copy_from_slice(&sums[3].map(|f| 40 * f));
            s.dark[at].copy_from_slice(&sums[4]);
        }
        s
    }

    /// Candidates `4 * half ..`: adjacent, blocks, finders in rows, in columns, dark (unweighted).
    #[target_feature(enable = "avx2")]
    fn half_penalties(lanes_: &Lanes, data: &Bits, w: usize, half: usize) -> [[u32; 4]; 5] {
        let all = |v: u64| _mm256_set1_epi64x(v as i64);
        let full = if w == 64 { u64::MAX } else { (1u64 << w) - 1 };
        let (ones, pairs, run_mask) = (all(u64::MAX), all(full >> 1), all(u64::MAX >> (65 - w)));
        let starts = all(if w < 7 { 0 } else { u64::MAX >> (64 - (w - 6)) });
        let past = [7, 8, 9, 10].map(|k| all(!(u64::MAX >> k)));
        let zero = _mm256_setzero_si256();
        let (mut adjacent, mut blocks, mut finder_h, mut finder_v, mut dark) = (zero, zero, zero, zero, zero);
        // [`super::runs`], as byte counts: each start of four equal pairs, plus 2 per run of them.
        macro_rules! runs {
            ($l:expr) => {{
                let l = $l;
                let same = _mm256_andnot_si256(_mm256_xor_si256(l, _mm256_srli_epi64::<1>(l)), run_mask);
                let four = _mm256_and_si256(
                    _mm256_and_si256(same, _mm256_srli_epi64::<1>(same)),
                    _mm256_and_si256(_mm256_srli_epi64::<2>(same), _mm256_srli_epi64::<3>(same)),
                );
                let first = ones_per_byte(_mm256_andnot_si256(_mm256_slli_epi64::<1>(four), four));
                _mm256_add_epi8(ones_per_byte(four), _mm256_add_epi8(first, first))
            }};
        }
        // [`super::finders`], as a count (times 40 at the end).
        macro_rules! finders {
            ($l:expr) => {{
                let l = $l;
                let light = _mm256_xor_si256(l, ones);
                let at = _mm256_and_si256(
                    _mm256_and_si256(
                        _mm256_and_si256(starts, l),
                        _mm256_and_si256(_mm256_srli_epi64::<1>(light), _mm256_srli_epi64::<2>(l)),
                    ),
                    _mm256_and_si256(
                        _mm256_and_si256(_mm256_srli_epi64::<3>(l), _mm256_srli_epi64::<4>(l)),
                        _mm256_and_si256(_mm256_srli_epi64::<5>(light), _mm256_srli_epi64::<6>(l)),
                    ),
                );
                let shifted = _mm256_or_si256(_mm256_slli_epi64::<4>(light), all(0xF));
                let before = _mm256_and_si256(
                    _mm256_and_si256(shifted, _mm256_srli_epi64::<1>(shifted)),
                    _mm256_and_si256(_mm256_srli_epi64::<2>(shifted), _mm256_srli_epi64::<3>(shifted)),
                );
                let after = _mm256_and_si256(
                    _mm256_and_si256(
                        _mm256_or_si256(_mm256_srli_epi64::<7>(light), past[0]),
                        _mm256_or_si256(_mm256_srli_epi64::<8>(light), past[1]),
                    ),
                    _mm256_and_si256(
                        _mm256_or_si256(_mm256_srli_epi64::<9>(light), past[2]),
                        _mm256_or_si256(_mm256_srli_epi64::<10>(light), past[3]),
                    ),
                );
                per_lane(ones_per_byte(_mm256_and_si256(at, _mm256_or_si256(before, after))))
            }};
        }
        let mut above = zero;
        for y in 0..w {
            let r = _mm256_xor_si256(load(&lanes_.rows[y], half), all(data.rows[y]));
            let c = _mm256_xor_si256(load(&lanes_.cols[y], half), all(data.cols[y]));
            // Per byte at most 24 + 24: one sum per lane for both.
            adjacent = _mm256_add_epi64(adjacent, per_lane(_mm256_add_epi8(runs!(r), runs!(c))));
            finder_h = _mm256_add_epi64(finder_h, finders!(r));
            finder_v = _mm256_add_epi64(finder_v, finders!(c));
            dark = _mm256_add_epi64(dark, per_lane(ones_per_byte(r)));
            if y > 0 {
                let a = above;
                let differ = _mm256_or_si256(
                    _mm256_or_si256(
                        _mm256_xor_si256(a, _mm256_srli_epi64::<1>(a)),
                        _mm256_xor_si256(r, _mm256_srli_epi64::<1>(r)),
                    ),
                    _mm256_xor_si256(a, r),
                );
                blocks = _mm256_add_epi64(blocks, per_lane(ones_per_byte(_mm256_andnot_si256(differ, pairs))));
            }
            above = r;
        }
        [lanes(adjacent), lanes(blocks), lanes(finder_h), lanes(finder_v), lanes(dark)]
    }
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

    /// The scoring this CPU runs (AVX-512 where it has it), and the AVX2 one
    /// where the CPU has AVX2, count the same sums as the portable loop, on the templates of versions 1 to 11 (every
    /// width up to 64) with random data.
    #[test]
    fn every_scoring_counts_the_same() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut compared = 0;
        for v in 1..=11i16 {
            let version = Version::Normal(v);
            let w = version.width() as usize;
            let n = bits::Bits::new(version).max_len(EcLevel::M).unwrap() / 8;
            let layout = layout(version, v, EcLevel::M, w, n);
            for _ in 0..50 {
                let mut data = Bits::EMPTY;
                for y in 0..w {
                    for x in 0..w {
                        if next() & 1 == 1 {
                            data.set(x, y);
                        }
                    }
                }
                let portable = penalties_in(&layout.lanes, &data, w);
                assert_eq!(penalties(&layout.lanes, &data, w), portable, "version {v}");
                #[cfg(target_arch = "x86_64")]
                if std::arch::is_x86_feature_detected!("avx2") {
                    // SAFETY: the CPU has the feature (the AVX-512 machine runs this one too).
                    assert_eq!(unsafe { avx2::penalties(&layout.lanes, &data, w) }, portable, "version {v}, AVX2");
                }
                compared += 1;
            }
        }
        assert_eq!(compared, 550);
    }

    /// Not a test: how long each scoring takes for 10,000 version-4 codes on one core
    /// (`cargo test --release --lib qr_scoring_speed -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn qr_scoring_speed() {
        let version = Version::Normal(4);
        let w = version.width() as usize;
        let n = bits::Bits::new(version).max_len(EcLevel::M).unwrap() / 8;
        let layout = layout(version, 4, EcLevel::M, w, n);
        let mut data = Bits::EMPTY;
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for y in 0..w {
            for x in 0..w {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                if seed & 1 == 1 {
                    data.set(x, y);
                }
            }
        }
        let time = |name: &str, f: &dyn Fn() -> Sums| {
            let mut runs: Vec<f64> = (0..7)
                .map(|_| {
                    let t = std::time::Instant::now();
                    for _ in 0..10_000 {
                        std::hint::black_box(f());
                    }
                    t.elapsed().as_secs_f64() * 1e3
                })
                .collect();
            runs.sort_by(f64::total_cmp);
            println!("{name}: {:.1} ms (median of 7)", runs[3]);
        };
        time("portable", &|| penalties_in(&layout.lanes, std::hint::black_box(&data), w));
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2") {
                // SAFETY: checked just above.
                time("avx2", &|| unsafe { avx2::penalties(&layout.lanes, std::hint::black_box(&data), w) });
            }
            if std::arch::is_x86_feature_detected!("avx512f") && std::arch::is_x86_feature_detected!("avx512vpopcntdq")
            {
                // SAFETY: checked just above.
                time("avx512", &|| unsafe { simd::penalties(&layout.lanes, std::hint::black_box(&data), w) });
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
