//! What rendering produces: pages in memory, before the guard and the write.
//!
//! Render makes these, the privacy guard reads them and [`crate::output`]
//! writes them: they belong to the site, and output only consumes them.

use crate::timings::Timings;

/// One output file, path relative to its site root, '/'-separated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// e.g. `notices/index.html`.
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Both sites, fully rendered in memory (so the privacy guard can scan them before anything is written).
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    /// For owners: deployed.
    pub public: Vec<Page>,
    /// For managers: kept in the office.
    pub internal: Vec<Page>,
    /// How long each rendering phase took.
    pub timings: Timings,
}
