//! Randomness: splitmix64 streams, each derived from the seed and a fixed
//! key (a stream tag, then month, unit, …), so adding a draw to one stream
//! never shifts another.

/// The splitmix64 finaliser.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A key derived from the seed and a path of numbers.
pub(super) fn key(seed: u64, parts: &[u64]) -> u64 {
    parts.iter().fold(mix(seed), |h, &p| mix(h ^ p))
}

/// splitmix64.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn new(seed: u64, parts: &[u64]) -> Rng {
        Rng(key(seed, parts))
    }

    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `bp` / 10 000.
    pub(super) fn chance(&mut self, bp: u64) -> bool {
        self.below(10_000) < bp
    }

    pub(super) fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }

    /// An index drawn by weight.
    pub(super) fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut x = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if x < u64::from(w) {
                return i;
            }
            x -= u64::from(w);
        }
        weights.len() - 1
    }
}

// Stream tags.
pub(super) const T_LAYOUT: u64 = 1;
pub(super) const T_FEES: u64 = 2;
pub(super) const T_BILL: u64 = 3;
pub(super) const T_TICKETS: u64 = 4;
pub(super) const T_COMPLAINTS: u64 = 5;
pub(super) const T_VISITS: u64 = 6;
pub(super) const T_SURVEYS: u64 = 7;
pub(super) const T_INSPECT: u64 = 8;
pub(super) const T_LOST: u64 = 9;
pub(super) const T_MEET: u64 = 10;
pub(super) const T_PERSON: u64 = 11;
pub(super) const T_NOTICE: u64 = 12;
pub(super) const T_ROUTINE: u64 = 13;
