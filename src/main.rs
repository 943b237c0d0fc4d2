//! The `wuye` command: parses the command line and hands over to the library.
//!
//! The command line lives here, in the binary: the library never reads
//! flags or prints on its own (ripgrep's split). `--verbose`/`--quiet` and
//! the message format are set once in [`cli::main`] and read through
//! `cli::ui()`.

mod cli;

// The CLI names the library's modules as `crate::…`, as it did inside it.
use wuye::{
    build, config, demo, diag, figures, i18n, import, kpi, output, pdf, portfolio, privacy, records, scaffold, scalars,
    schema, serve, site, timings,
};

/// See Cargo.toml: records of a 20,000-unit estate are millions of short strings.
#[cfg(not(target_os = "macos"))]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::main());
}
