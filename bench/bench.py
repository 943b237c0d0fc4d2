#!/usr/bin/env python3
"""wuye's benchmark driver (called by bench/run.sh).

Times whole commands with /usr/bin/time (wall, CPU, peak RSS), runs the
cases of one comparison interleaved (A B A B …) so machine noise hits both,
and prints medians. No timing is asserted anywhere: this only reports.
"""
import argparse
import mmap
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

WUYE = os.environ.get("WUYE", "target/release/wuye")
# The file-system floor (bench/floor, built by run.sh): remove the output, read
# every input, write the same tree of files with the same sizes, on 2 threads.
FLOOR = os.environ.get("FLOOR", "target/floor/release/floor")


def du(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total


def count_pages(path):
    n = 0
    for root, _, files in os.walk(path):
        n += sum(1 for f in files if f.endswith(".html"))
    return n


def timed(cmd, cwd=None):
    with tempfile.NamedTemporaryFile("r") as t:
        full = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", t.name, "bash", "-c", cmd]
        r = subprocess.run(full, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            sys.exit(f"command failed ({r.returncode}): {cmd}\n{r.stderr[-2000:]}")
        wall, user, sys_, rss = t.read().split()[-4:]
        return float(wall), float(user) + float(sys_), int(rss) / 1024, float(user)


def run_cases(cases, runs):
    """cases: list of (label, command, cwd). Interleaved; returns {label: [(wall, cpu, rss_mb)]}."""
    out = {c[0]: [] for c in cases}
    for _ in range(runs):
        for label, cmd, cwd in cases:
            out[label].append(timed(cmd, cwd))
    return out


def div(a, b):
    """a / b, or nan when b rounds to zero (a smoke run can take "0.00 s")."""
    return a / b if b > 0 else float("nan")


def med(xs, i):
    return statistics.median(x[i] for x in xs)


def report(label, samples, pages=None, input_mb=None):
    wall, cpu, rss, user = med(samples, 0), med(samples, 1), med(samples, 2), med(samples, 3)
    extra = ""
    # /usr/bin/time measures to 10 ms: a smoke run can take "0.00 s".
    if pages and wall > 0:
        extra += f"  {pages / wall:,.0f} pages/s"
    if input_mb and wall > 0:
        extra += f"  {input_mb / wall:.1f} MB/s input"
    print(f"  {label:<44} wall {wall:7.3f} s  cpu {cpu:7.3f} s (user {user:6.3f})  rss {rss:7.1f} MB{extra}")
    if len(samples) > 1:
        print(f"  {'':<44} runs (wall, s): " + " ".join(f"{x[0]:.2f}" for x in samples))
    return wall


def thp_faults():
    """The kernel's count of 2 MB pages it zeroed for first touches (Linux; None elsewhere). System-wide."""
    try:
        for line in open("/proc/vmstat"):
            if line.startswith("thp_fault_alloc "):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def fresh_memory(cmd, cwd):
    """Memory the kernel zeroed for one run of `cmd`, in MB: 2 MB pages (`thp_fault_alloc`, counted
    system-wide, so on a quiet machine) and the other minor faults at 4 KiB. On this VM a first touch
    costs 0.1-2.5 ms of kernel time per MB depending on the host, which is why wuye's runs spread
    more than the floor's: wuye touches about 100 MB, the floor about 5."""
    before = thp_faults()
    with tempfile.NamedTemporaryFile("r") as t:
        subprocess.run(["/usr/bin/time", "-f", "%R", "-o", t.name, "bash", "-c", cmd], cwd=cwd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        minor = int(t.read().split()[-1])
    after = thp_faults()
    if before is None or after is None:
        return None
    huge = after - before
    return huge * 2 + max(minor - huge, 0) * 4 / 1024, huge, minor


def first_touch_ms(mb, huge):
    """Milliseconds to write `mb` MB of fresh private memory, in 2 MB pages (`huge`, where the
    kernel gives them to `madvise` regions) or in 4 KiB pages."""
    n = mb << 20
    m = mmap.mmap(-1, n, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    if huge:
        m.madvise(mmap.MADV_HUGEPAGE)
    chunk = b"\1" * (2 << 20)
    t = time.perf_counter()
    for i in range(0, n, len(chunk)):
        m[i:i + len(chunk)] = chunk
    ms = (time.perf_counter() - t) * 1000
    m.close()
    return ms


def host_memory():
    """How this host serves a first touch (Linux only; None elsewhere). On a VM whose balloon
    reports free memory to the host, a 2 MB block free for a few seconds has been handed back,
    and its first touch waits for the host to back it again: wuye takes 2 MB pages (mimalloc
    asks for them), so its runs spread with this, while the floor touches almost nothing."""
    if not hasattr(mmap, "MADV_HUGEPAGE"):
        return None
    first_touch_ms(100, True)  # make some blocks recently freed
    hot = first_touch_ms(100, True)
    time.sleep(3)
    idle = first_touch_ms(100, True)
    small = first_touch_ms(100, False)
    return hot, idle, small


def set_search(content, on):
    """Writes `search: true|false` into content/site.yaml (gen_notices.py leaves it out)."""
    path = os.path.join(content, "site.yaml")
    lines = [l for l in open(path).read().splitlines() if not l.startswith("search:")]
    open(path, "w").write("\n".join(lines + [f"search: {'true' if on else 'false'}"]) + "\n")


def feature_costs(a, work, wdir, build, date):
    """What each feature adds beside the build: search indexing, `wuye pdf`."""
    # Search indexing: the same notices with `search: true`, interleaved with the search-off build.
    sdir = os.path.join(work, "notices", "wuye-search")
    if not os.path.isdir(sdir):
        shutil.copytree(wdir + "/content", sdir + "/content")
    set_search(os.path.join(sdir, "content"), True)
    res = run_cases([("build, search off", build, wdir), ("build, search on", build, sdir)], a.runs)
    off = report("build, search off", res["build, search off"])
    on = report("build, search on", res["build, search on"])
    print(f"  search indexing ({a.notices} notices): +{on - off:.3f} s wall, "
          f"+{med(res['build, search on'], 1) - med(res['build, search off'], 1):.3f} s cpu")
    # PDF of the demo's meeting pack (a real browser prints it).
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not browser:
        print("  wuye pdf: not measured (no chromium, chromium-browser or google-chrome on PATH)")
        return
    demo = os.path.join(work, "demo")
    if not os.path.isdir(demo):
        shutil.copytree("content", os.path.join(demo, "content"))  # the README's demo estate
    runs = max(1, min(a.runs, 3))
    pdf = run_cases([("wuye pdf 2026-10 (demo meeting pack)",
                      f"{os.path.abspath(WUYE)} pdf 2026-10 --quiet {date} --no-cache --content content --out pack.pdf", demo)], runs)
    report(f"wuye pdf 2026-10 (demo, {os.path.basename(browser)})", pdf["wuye pdf 2026-10 (demo meeting pack)"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--units", type=int, default=5000)
    ap.add_argument("--months", type=int, default=60)
    ap.add_argument("--notices", type=int, default=10000)
    ap.add_argument("--growth", default="1000,5000,20000")
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--only-notices", action="store_true", help="stop after the notices comparison")
    ap.add_argument("--skip-notices", action="store_true", help="start with the large estate")
    a = ap.parse_args()
    work = os.path.abspath(a.work)
    os.makedirs(work, exist_ok=True)
    wuye = os.path.abspath(WUYE)
    date = "--date 2026-11-27"

    # 1. Notices-only site, search off: wuye vs the file-system floor vs Hugo, full build from
    # scratch (removing the previous output included), interleaved on the same file system.
    if not a.skip_notices:
        notices(a, work, wuye, date)
    if a.only_notices:
        return
    estates(a, work, wuye, date)


def notices(a, work, wuye, date):
    """10,000 notices: wuye against the file-system floor and Hugo, then what each feature adds."""
    nb = os.path.join(work, "notices")
    if not os.path.isdir(nb):
        subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "gen_notices.py"), nb, str(a.notices)], check=True)
    wdir = os.path.join(nb, "wuye")
    set_search(os.path.join(wdir, "content"), False)
    nin = du(os.path.join(wdir, "content")) / 1e6
    fs_type = subprocess.run(["stat", "-f", "-c", "%T", work], capture_output=True, text=True).stdout.strip()
    print(f"\n== {a.notices} notices ({nin:.1f} MB Markdown, search off), full build from scratch, median of {a.runs}, "
          f"interleaved, on {work} ({fs_type})")
    build = f"rm -rf out .wuye-cache && {wuye} build --quiet {date} --content content --output out"
    # The floor writes the tree of a wuye output made beforehand (same files, same sizes).
    subprocess.run(f"rm -rf floor-template && {wuye} build --quiet {date} --content content --output floor-template",
                   shell=True, cwd=wdir, check=True, stderr=subprocess.DEVNULL)
    floor = os.path.abspath(FLOOR)
    cases = [("wuye build", build, wdir), ("floor", f"{floor} content floor-template out-floor 2", wdir)]
    if not a.no_hugo:
        cases.append(("hugo", "rm -rf public resources && hugo --quiet", os.path.join(nb, "hugo")))
    res = run_cases(cases, a.runs)
    wpages = count_pages(os.path.join(wdir, "out", "public")) + count_pages(os.path.join(wdir, "out", "internal"))
    w = report("wuye build", res["wuye build"], wpages, nin)
    f = report("floor (rm, read inputs, write same tree)", res["floor"], None, nin)
    print(f"  ratio wuye/floor (wall): {div(w, f):.2f}  (target <= 1.5)   cpu: {div(med(res['wuye build'], 1), med(res['floor'], 1)):.2f}")
    mem = [fresh_memory(c, d) for _, c, d in cases[:2]]
    if all(mem):
        (wm, wh, wf), (fm, fh, ff) = mem
        print(f"  fresh memory zeroed (one run): wuye {wm:.0f} MB ({wh} 2-MB pages, {wf} faults), "
              f"floor {fm:.0f} MB ({fh} 2-MB pages, {ff} faults)")
    host = host_memory()
    if host:
        print(f"  this host, first touch of 100 MB: 2-MB pages {host[0]:.0f} ms right after a free, "
              f"{host[1]:.0f} ms after 3 s idle; 4-KiB pages {host[2]:.0f} ms")
    if not a.no_hugo:
        h = report("hugo", res["hugo"], count_pages(os.path.join(nb, "hugo", "public")), nin)
        print(f"  ratio wuye/hugo (wall): {div(w, h):.3f}  (target <= 0.2)")
    print("  per-phase breakdown (wuye build --verbose, one run):")
    r = subprocess.run(f"rm -rf out && {wuye} build --verbose {date} --content content --output out",
                       shell=True, cwd=wdir, capture_output=True, text=True)
    for line in r.stderr.splitlines():
        if " ms" in line:
            print("    " + line.strip())
    chk = run_cases([("wuye check", f"{wuye} check --quiet {date} --no-cache --content content", wdir)], a.runs)
    report("wuye check", chk["wuye check"], None, nin)
    feature_costs(a, work, wdir, build, date)


def estates(a, work, wuye, date):
    """The large estate (cold, warm, one month edited, phases), then growth."""
    # 2. Large estate.
    def estate(units, months):
        d = os.path.join(work, f"estate-{units}x{months}")
        if not os.path.isdir(os.path.join(d, "content")):
            subprocess.run([wuye, "--quiet", "demo", "--out", os.path.join(d, "content"), "--units", str(units), "--months", str(months),
                            "--notices", str(max(10, units // 5))], check=True)
        return d

    big = estate(a.units, a.months)
    bin_ = du(os.path.join(big, "content")) / 1e6
    print(f"\n== estate {a.units} units x {a.months} months ({bin_:.1f} MB input), median of {a.runs}")
    base = run_cases([("serde-saphyr bare deserialisation (2 cores)", f"{os.path.abspath('target/release/examples/saphyr_baseline')} content", big)], a.runs)
    b = report("serde-saphyr bare deserialisation (2 cores)", base["serde-saphyr bare deserialisation (2 cores)"], None, bin_)
    cold = run_cases([
        ("check, cold (--no-cache)", f"{wuye} check --quiet {date} --no-cache --content content", big),
        ("build, cold (--no-cache, output removed)", f"rm -rf out && {wuye} build --quiet {date} --no-cache --content content --output out", big),
    ], a.runs)
    c = report("check, cold (--no-cache)", cold["check, cold (--no-cache)"], None, bin_)
    pages = count_pages(os.path.join(big, "out"))
    bb = report("build, cold (--no-cache, output removed)", cold["build, cold (--no-cache, output removed)"], pages, bin_)
    print(f"  ratio check/baseline: {div(c, b):.2f} (target <= 1.2)   build/baseline: {div(bb, b):.2f} (target <= 1.5)")
    subprocess.run(f"{wuye} build --quiet {date} --content content --output out", shell=True, cwd=big, check=True,
                   stderr=subprocess.DEVNULL)
    warm = run_cases([("build, warm (cache, nothing changed)", f"{wuye} build --quiet {date} --content content --output out", big)], a.runs)
    report("build, warm (cache, nothing changed)", warm["build, warm (cache, nothing changed)"], pages, bin_)
    months = sorted(os.listdir(os.path.join(big, "content", "records")))
    tickets = os.path.join(big, "content", "records", months[len(months) // 2], "tickets.yaml")
    edit = f"echo '# edited' >> {tickets} && {wuye} build --quiet {date} --content content --output out"
    ed = run_cases([("build after editing one month's tickets", edit, big)], a.runs)
    report("build after editing one month's tickets", ed["build after editing one month's tickets"], pages, bin_)
    print("  per-phase breakdown (cold, then warm):")
    for flags in ["--no-cache", ""]:
        r = subprocess.run(f"rm -rf out && {wuye} build --verbose {date} {flags} --content content --output out",
                           shell=True, cwd=big, capture_output=True, text=True)
        for line in r.stderr.splitlines():
            if " ms" in line or line.startswith("built "):
                print("    " + line)

    # 3. Growth.
    if a.growth:
        print(f"\n== growth ({a.months} months; 1 run each)")
        for units in [int(u) for u in a.growth.split(",") if u]:
            d = estate(units, a.months)
            mb = du(os.path.join(d, "content")) / 1e6
            r = run_cases([
                ("check", f"{wuye} check --quiet {date} --no-cache --content content", d),
                ("build", f"rm -rf out && {wuye} build --quiet {date} --no-cache --content content --output out", d),
            ], 1)
            print(f"  {units:>6} units ({mb:6.1f} MB): check {med(r['check'], 0):6.2f} s ({div(mb, med(r['check'], 0)):5.1f} MB/s)"
                  f"  build {med(r['build'], 0):6.2f} s ({div(mb, med(r['build'], 0)):5.1f} MB/s)  rss {med(r['build'], 2):7.1f} MB")


if __name__ == "__main__":
    main()
