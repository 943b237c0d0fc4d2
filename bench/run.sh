#!/usr/bin/env bash
# wuye benchmark: notices vs the file-system floor (bench/floor) and Hugo, what
# search indexing and `wuye pdf` add, the large estate (cold/warm/incremental),
# growth, the company roll-up of 1,000 estates. Prints medians; asserts nothing.
# Works on /dev/shm (tmpfs) when there is one, else /tmp; BENCH_DIR overrides.
#   bench/run.sh            full run (5,000 units x 60 months; 10,000 notices; growth 1k/5k/20k)
#   bench/run.sh --smoke    CI smoke run (200 units x 3 months; 200 notices; 20 estates; 1 run)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v hugo >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq hugo >/dev/null
fi
cargo build --release --quiet
cargo build --release --quiet --example saphyr_baseline
# The floor is its own tiny Cargo project (its own workspace, outside `cargo test`/clippy).
cargo build --release --quiet --manifest-path bench/floor/Cargo.toml --target-dir target/floor
echo "machine: nproc $(nproc), $(free -g | awk '/Mem:/{print $2}') GiB; $(rustc --version); $(hugo version | cut -d' ' -f1-2); wuye $(target/release/wuye --version | cut -d' ' -f2)"
if [ "${1:-}" = "--smoke" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  python3 bench/bench.py --work "$work" --runs 1 --units 200 --months 3 --notices 200 --growth ""
  bench/portfolio.sh 20 1
else
  if [ -z "${BENCH_DIR:-}" ]; then
    if [ -d /dev/shm ] && [ -w /dev/shm ]; then BENCH_DIR=/dev/shm/wuye-bench; else BENCH_DIR=/tmp/wuye-bench; fi
  fi
  python3 bench/bench.py --work "$BENCH_DIR" "$@"
  bench/portfolio.sh 1000 3
fi
