#!/usr/bin/env python3
"""Time from saving a file to the new HTML being served by `wuye serve`.

Usage: serve_latency.py CONTENT_PARENT_DIR [runs]
Edits one notice (appends a marker to its body) and one month's tickets
(changes one description), and polls the served page until the change
shows. Prints the median of the runs for each.
"""
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request

WUYE = os.path.abspath(os.environ.get("WUYE", "target/release/wuye"))
root, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
proc = subprocess.Popen([WUYE, "serve", "--port", "0", "--date", "2026-11-27"], cwd=root,
                        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
addr = None
for line in proc.stderr:
    m = re.search(r"http://([0-9.:]+)/", line)
    if m:
        addr = m.group(1)
        break


def get(path):
    with urllib.request.urlopen(f"http://{addr}{path}", timeout=10) as r:
        return r.read().decode("utf-8", "replace")


def timed_edit(path, url, make_text, marker):
    original = open(path, encoding="utf-8").read()
    try:
        t = time.perf_counter()
        with open(path, "w", encoding="utf-8") as f:
            f.write(make_text(original))
        while marker not in get(url):
            if time.perf_counter() - t > 60:
                raise SystemExit("timed out")
            time.sleep(0.005)
        return time.perf_counter() - t
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        time.sleep(1.5)


try:
    notices = sorted(os.listdir(os.path.join(root, "content", "notices")))
    stem = [n for n in notices if n.endswith(".md")][0][:-3]
    notice = os.path.join(root, "content", "notices", stem + ".md")
    out = []
    for i in range(runs):
        marker = f"LATENCY{i}X"
        out.append(timed_edit(notice, f"/notices/{stem}.html", lambda s: s + f"\n\n{marker}\n", marker))
    print(f"notice edit -> new HTML served: median {statistics.median(out) * 1000:.0f} ms over {runs} runs")
    months = sorted(os.listdir(os.path.join(root, "content", "records")))
    month = [m for m in months if os.path.exists(os.path.join(root, "content", "records", m, "tickets.yaml"))][-2]
    tickets = os.path.join(root, "content", "records", month, "tickets.yaml")
    out = []
    for i in range(runs):
        marker = f"{i + 1}次"
        # The ticket count on the month's internal page changes when a ticket is appended.
        def add(s, i=i):
            return s + (f"\n- id: LAT-{month}-{i}\n  reported_at: {month}-02 10:00\n  channel: 电话\n  area: 公区\n"
                        f"  category: 其他\n  description: 延迟测试\n  department: 工程部\n")
        before = get(f"/_internal/months/{month}.html")
        t = time.perf_counter()
        original = open(tickets, encoding="utf-8").read()
        with open(tickets, "w", encoding="utf-8") as f:
            f.write(add(original))
        while get(f"/_internal/months/{month}.html") == before:
            if time.perf_counter() - t > 60:
                raise SystemExit("timed out")
            time.sleep(0.005)
        out.append(time.perf_counter() - t)
        with open(tickets, "w", encoding="utf-8") as f:
            f.write(original)
        time.sleep(2)
    print(f"one month's tickets edit -> new HTML served: median {statistics.median(out) * 1000:.0f} ms over {runs} runs")
finally:
    proc.terminate()
