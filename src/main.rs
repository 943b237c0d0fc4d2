//! The `wuye` command: parses the command line and hands over to the library.

fn main() {
    std::process::exit(wuye::cli::main());
}
