#!/usr/bin/env python3
"""Writes the same N Markdown notices as a wuye content dir and a Hugo site.

Each notice is about 1,000 Chinese characters with a list and a table.
Deterministic: the same N gives the same files.
Usage: gen_notices.py OUT_DIR N
"""
import os
import random
import sys

out, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(20261127)
TYPES = ["停水停电", "电梯维保", "消防安全", "施工", "社区活动", "温馨提示", "收费公示", "其他"]
PHRASES = [
    "为保障小区公共设施的正常运行", "物业服务中心将于近期组织专业人员", "对相关设备进行全面检查和维护",
    "届时可能对部分业主的生活造成不便", "敬请各位业主提前做好准备", "感谢您的理解与支持",
    "如发现异常情况请及时与服务中心联系", "施工期间请注意安全并看管好儿童", "请勿在楼道内堆放杂物",
    "我们将尽最大努力缩短作业时间", "作业完成后将及时清理现场", "服务中心二十四小时值班电话保持畅通",
    "本次工作由工程部负责组织实施", "客服部将同步做好回访工作", "请业主关注公告栏和业主群通知",
    "特殊情况需要协助的业主请提前告知", "电梯维保期间请走楼梯并注意脚下", "园区绿化修剪期间请绕行",
]


def para(k):
    return "，".join(rng.choice(PHRASES) for _ in range(k)) + "。"


wuye = os.path.join(out, "wuye", "content")
hugo = os.path.join(out, "hugo")
for d in [os.path.join(wuye, "notices"), os.path.join(hugo, "content", "notices"), os.path.join(hugo, "layouts", "_default")]:
    os.makedirs(d, exist_ok=True)
with open(os.path.join(wuye, "site.yaml"), "w") as f:
    f.write("name: 翠湖花园物业服务中心\nestate: 翠湖花园\nbase_url: https://example.org/cuihu/\nservice_phone: 0571-8888 0000\n")
with open(os.path.join(wuye, "households.yaml"), "w") as f:
    f.write("- unit: 1-1-101\n  status: 已入住\n")

for i in range(1, n + 1):
    t = TYPES[i % len(TYPES)]
    day = 1 + (i * 7919) % 600
    y, rest = (2025, day) if day <= 365 else (2026, day - 365)
    # day-of-year to date, kept simple: months of 28 days
    m, d = 1 + (rest - 1) // 28 % 12, 1 + (rest - 1) % 28
    date = f"{y}-{m:02d}-{d:02d}"
    title = f"关于{1 + i % 30}栋{t}事项的通知（第{i}号）"
    body = [para(17), "", para(16), "", "注意事项：", ""]
    body += [f"- {rng.choice(PHRASES)}；" for _ in range(5)]
    body += ["", "| 时间 | 区域 | 内容 |", "|---|---|---|"]
    body += [f"| {date} {8 + k}:00 | {1 + k}栋 | {rng.choice(PHRASES)} |" for k in range(3)]
    body += ["", para(17), "", para(16), ""]
    text = "\n".join(body)
    with open(os.path.join(wuye, "notices", f"n{i:05d}.md"), "w") as f:
        f.write(f"---\ntitle: {title}\ntype: {t}\ndate: {date}\n---\n{text}")
    with open(os.path.join(hugo, "content", "notices", f"n{i:05d}.md"), "w") as f:
        f.write(f"---\ntitle: \"{title}\"\nkind: {t}\ndate: {date}\n---\n{text}")

with open(os.path.join(hugo, "config.toml"), "w") as f:
    f.write('baseURL = "https://example.org/cuihu/"\nlanguageCode = "zh-CN"\ntitle = "翠湖花园物业服务中心"\n'
            'paginate = 20\ndisableKinds = ["taxonomy", "term"]\n[markup.goldmark.renderer]\nunsafe = false\n')
base = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
<header><a href="{{ "/" | relURL }}">翠湖花园物业服务中心</a></header><main>{{ block "main" . }}{{ end }}</main>
<footer>服务电话 0571-8888 0000</footer></body></html>"""
with open(os.path.join(hugo, "layouts", "_default", "baseof.html"), "w") as f:
    f.write(base)
with open(os.path.join(hugo, "layouts", "_default", "single.html"), "w") as f:
    f.write('{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Params.kind }} · {{ .Date.Format "2006年1月2日" }}</p>'
            '{{ .Content }}</article>{{ end }}')
with open(os.path.join(hugo, "layouts", "_default", "list.html"), "w") as f:
    f.write('{{ define "main" }}<h1>公告</h1><ul>{{ range (.Paginate .Pages.ByDate.Reverse).Pages }}'
            '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006年1月2日" }}</li>{{ end }}</ul>'
            '{{ with .Paginator }}{{ if .HasPrev }}<a href="{{ .Prev.URL }}">上一页</a>{{ end }}'
            '{{ if .HasNext }}<a href="{{ .Next.URL }}">下一页</a>{{ end }}{{ end }}{{ end }}')
with open(os.path.join(hugo, "layouts", "index.html"), "w") as f:
    f.write('{{ define "main" }}<h1>翠湖花园</h1><ul>{{ range first 10 (where .Site.RegularPages "Section" "notices").ByDate.Reverse }}'
            '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}')
