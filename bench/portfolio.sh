#!/usr/bin/env bash
# Company roll-up at scale: `wuye portfolio` over N estates given as figures
# files (copies of one real `wuye figures` export of the demo estate, each
# under its own estate name). Prints the median wall time and peak RSS of
# RUNS runs (GNU time). Asserts nothing.
#   bench/portfolio.sh [N=1000] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
runs=${2:-3}
cargo build --release --quiet
bin=$PWD/target/release/wuye
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" -q demo --out "$work/content" >/dev/null
"$bin" -q figures --content "$work/content" --no-cache --date 2026-11-30 --out "$work/one.json" 2>/dev/null
python3 - "$work" "$n" <<'PY'
import json, os, sys
work, n = sys.argv[1], int(sys.argv[2])
one = json.load(open(os.path.join(work, "one.json")))
os.makedirs(os.path.join(work, "figures"))
regions = ["华东", "华南", "华北", "西南", None]
lines = ["name: 基准物业集团\nbase_url: https://example.org/group/\nestates:\n"]
for i in range(n):
    one["estate"] = f"小区{i + 1:04d}"
    one["name"] = f"小区{i + 1:04d}物业服务中心"
    path = f"figures/e{i + 1:04d}.json"
    with open(os.path.join(work, path), "w") as f:
        json.dump(one, f, ensure_ascii=False, indent=2)
    region = regions[i % len(regions)]
    lines.append(f"  - figures: {path}\n" + (f"    region: {region}\n" if region else ""))
open(os.path.join(work, "portfolio.yaml"), "w").write("".join(lines))
PY
size=$(du -sh "$work/figures" | cut -f1)
results=()
for _ in $(seq "$runs"); do
  rm -rf "$work/site"
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$bin" -q portfolio "$work/portfolio.yaml" --output "$work/site" --date 2026-11-30
  results+=("$(tail -1 "$work/time.txt")")
done
pages=$(find "$work/site" -name '*.html' | wc -l)
printf '%s\n' "${results[@]}" | sort -n | awk -v n="$n" -v runs="$runs" -v size="$size" -v pages="$pages" '
  { wall[NR] = $1; rss[NR] = $2 }
  END { m = int((NR + 1) / 2); printf "portfolio: %d estates (%s of figures files) -> %d pages: median of %d runs %.2f s wall, peak RSS %.0f MiB\n", n, size, pages, runs, wall[m], rss[m] / 1024 }'
