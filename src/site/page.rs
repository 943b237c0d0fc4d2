//! What rendering produces: pages in memory, before the guard and the write.
//!
//! Render makes these, the privacy guard reads them and [`crate::output`]
//! writes them: they belong to the site, and output only consumes them. A
//! one-off build hands notice pages to a [`Sink`] instead (guard, then write
//! into the build's temporary folder) and keeps only their paths.

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
    /// Public pages that went to the build's [`Sink`] as they were rendered
    /// (already guarded and written): their paths only.
    pub streamed: Vec<String>,
    /// How long each rendering phase took.
    pub timings: Timings,
}

impl Rendered {
    /// Every public page's path, held or streamed.
    pub fn public_paths(&self) -> impl Iterator<Item = &str> {
        self.public.iter().map(|p| p.path.as_str()).chain(self.streamed.iter().map(String::as_str))
    }
}

/// Where a one-off build sends public pages as soon as they are rendered:
/// it scans each with the privacy guard and writes it into the build's
/// temporary folder, so no page waits in memory for a separate write phase.
/// (A write error is kept by the sink's owner and reported when the build ends.)
pub type Sink<'a> = &'a (dyn Fn(&Page) + Sync);
