#!/usr/bin/env python3
"""Whole-command mutation loop: what the cargo-fuzz targets do not reach.

The targets in fuzz_targets/ call the record parser alone. This loop runs the
real binary the way a clerk does, on a mutated copy of a whole estate (or of
an import sheet), so the printer, the cross-file checks, the renderer and the
writer are in the path too. Any exit other than 0 or 1, any panic and any run
over 60 s is kept in WORK/bad-SEED-N/ with the command that made it.

    python3 fuzz/mutate.py estate SEED RUNS [--bin target/release/wuye] [--content content]
    python3 fuzz/mutate.py import SEED RUNS [--bin target/release/wuye]

Found so far: a snippet caret one byte into U+2028 (a value of nothing but
white space), which panicked inside the snippet renderer (fixed; test in
src/diag.rs).
"""
import argparse
import os
import random
import shutil
import subprocess

# Bytes a keyboard, an editor or a spreadsheet export puts where they do not belong.
SNIPPETS = [
    b": ", b"- ", b"\t", b"99999999999999999999", b"-1", b"\xff\xfe", b"\xe4\xb8", b"---\n", b"'", b'"',
    b"[", b"{", b"&a", b"*a", b"!!binary", b"0x10", b"1e400", b"2026-02-30", b"24:00", b"\r\n", b"\x00",
    b"~", b"null", b"\xef\xbb\xbf", b"<script>", b"\\", b"#", b"|", b">", b"9223372036854775808",
    b"2026-13-01", b"0000-01-01", b"\r", b"? ", b"<<: *a\n", b".inf", b"1_000", b"12:30:00", b"2026/10/03",
    "是".encode(), "否".encode(), "元".encode(), "：".encode(), "\u3000".encode(), "\u00a0".encode(),
    "\u2028".encode(), "\u2029".encode(), "\u200d".encode(), "\u202e".encode(), "\u0301".encode(),
    "\U0001F600".encode(), "\ufeff".encode(), b"\x85", b"\x1b[31m",
]
DATES = ["2026-12-04", "2026-10-31", "2026-01-01", "1970-01-01", "9999-12-31", "2026-12-31", "0001-01-01"]


def mutate(b, rng, zip_safe=False):
    """One slip: insert a snippet, cut a stretch, cut the tail, repeat a line, change a byte or a value."""
    if not b:
        return b
    i = rng.randrange(len(b))
    k = rng.choice([2, 5]) if zip_safe else rng.randint(0, 5)
    if k == 0:
        return b[:i] + rng.choice(SNIPPETS) + b[i:]
    if k == 1:
        return b[:i] + b[i + rng.randint(1, 40):]
    if k == 2:
        return b[:i] + bytes([rng.randrange(256)]) + b[i + 1:]
    if k == 3:
        lines = b.split(b"\n")
        lines.insert(rng.randrange(len(lines)), rng.choice(lines))
        return b"\n".join(lines)
    if k == 4:
        lines = b.split(b"\n")
        j = rng.randrange(len(lines))
        lines[j] = lines[j].replace(b": ", b": " + rng.choice(SNIPPETS), 1)
        return b"\n".join(lines)
    return b[:i] if not zip_safe else b[:i] + b[i + rng.randint(1, 200):]


def run(args):
    try:
        r = subprocess.run(args, capture_output=True, timeout=60)
        return r.returncode, r.stderr
    except subprocess.TimeoutExpired:
        return "timeout", b""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["estate", "import"])
    ap.add_argument("seed", type=int)
    ap.add_argument("runs", type=int)
    ap.add_argument("--bin", default="target/release/wuye")
    ap.add_argument("--content", default="content")
    ap.add_argument("--work", default="/tmp/wuye-mutate")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    wuye = os.path.abspath(a.bin)
    here = os.path.dirname(os.path.abspath(__file__))
    sheets = os.path.join(here, "..", "tests", "fixtures", "import")
    src = os.path.abspath(a.content) if a.mode == "estate" else os.path.join(sheets, "content")
    files = [os.path.join(r, f) for r, _, fs in os.walk(src) for f in fs]
    bad = 0
    for n in range(a.runs):
        d = os.path.join(a.work, f"w{a.seed}")
        shutil.rmtree(d, ignore_errors=True)
        shutil.copytree(src, os.path.join(d, "content"))
        content = os.path.join(d, "content")
        if a.mode == "estate":
            for _ in range(rng.randint(1, 3)):
                p = os.path.join(content, os.path.relpath(rng.choice(files), src))
                with open(p, "rb") as f:
                    b = f.read()
                with open(p, "wb") as f:
                    f.write(mutate(b, rng))
            cmd = rng.choice(["check", "build"])
            args = [wuye, cmd, "--content", content, "--date", rng.choice(DATES), "--no-cache"]
            if cmd == "build":
                args += ["--output", os.path.join(d, "out")]
        else:
            kind, name = rng.choice([("complaints", "complaints.csv"), ("fees", "fees.csv"), ("tickets", "tickets.xlsx")])
            with open(os.path.join(sheets, name), "rb") as f:
                b = f.read()
            for _ in range(rng.randint(1, 4)):
                b = mutate(b, rng, zip_safe=name.endswith(".xlsx"))
            sheet = os.path.join(d, "in" + os.path.splitext(name)[1])
            with open(sheet, "wb") as f:
                f.write(b)
            args = [wuye, "import", kind, sheet, "--month", "2026-10", "--content", content]
            if rng.random() < 0.3:
                args.append("--update")
        code, err = run(args)
        if code not in (0, 1) or b"panicked" in err:
            bad += 1
            keep = os.path.join(a.work, f"bad-{a.seed}-{n}")
            shutil.copytree(d, keep)
            with open(os.path.join(keep, "command.txt"), "w") as f:
                f.write(" ".join(args) + "\n")
            print(f"exit {code}: {' '.join(args)}\n{err[-800:].decode('utf-8', 'replace')}\nkept in {keep}")
    print(f"{a.runs} runs, {bad} bad")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
