#!/usr/bin/env python3
"""Writes a gongkai site from a real Chinese text corpus, for measuring search.

    python3 benches/real-corpus.py --out DIR [--opencc DIR_OR_GITDIR]
                                   [--seed N] [--traditional SHARE] FILE...

Each FILE holds items "category<TAB>text" or "category;;text" (an item may
go on over several lines, in CSV quotes). Items are deduplicated by text;
the first category wins. One page per item, `content/news/NNNNN.md`:

- title: the item's headline (news items start with it, glued to the
  body: cut before the first dateline such as 新浪体育讯 or 本报讯),
  else the first clause, 30 characters at most;
- date: spread over 2015-01-01 ... 2026-11-30 by the seed;
- categories: [the item's category]; an index number per year in date order;
- body: the text in paragraphs of three sentences, Markdown-escaped so the
  page shows the text as it is.

Items gongkai's publish guard would refuse (a run of 11 or more digits:
mobile, ID or card shaped) are skipped, never the guard weakened. A share of
pages (default 6%, chosen by the seed) is written in Traditional characters
by OpenCC's own data: STPhrases.txt longest match first, then the first
choice of STCharacters.txt, read from an OpenCC checkout or git directory.
Same files and seed, same site, byte for byte. Standard library only.
"""
import argparse
import datetime
import html
import os
import random
import re
import subprocess
import sys

ORG_CODE = "11000000MB0009876X"
FIRST_DAY = datetime.date(2015, 1, 1)
LAST_DAY = datetime.date(2026, 11, 30)
# Where a news item's body starts after its headline (a dateline or a lead).
DATELINE = re.compile(
    r"新浪[^\s，。]{0,4}讯|本报讯|本报记者|[^\s，。]{0,6}网讯|新报讯|【|⊙|导语[：:]|编辑点评|（中关村在线|（记者|\(记者"
)
CLAUSE_END = re.compile(r"[，。：；！？,:;!?\n]")
# A run of 11+ digits (ASCII or full-width, maybe grouped by a space or
# hyphen) is what the publish guard checks for mobiles, IDs and cards.
LONG_DIGITS = re.compile(r"(?:[0-9０-９][ \-－]?){11,}")
MD_SPECIAL = set("\\`*_[]<>#|~&!{}()$")
ITEM_START = re.compile(r'^"?([^\t;"\n]{1,24})(\t|;;)(.*)$')


def read_items(paths):
    """[(category, text)], deduplicated by text, in file order."""
    seen, items = set(), []
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            for cat, text in parse(f.read()):
                text = clean(text)
                if len(text) >= 20 and text not in seen:
                    seen.add(text)
                    items.append((cat.strip(), text))
    return items


def parse(data):
    """Items of one file; a line that does not start an item continues one."""
    current = None
    for line in data.split("\n"):
        m = ITEM_START.match(line)
        if m:
            if current:
                yield current
            current = [m.group(1), m.group(3)]
        elif current:
            current[1] += "\n" + line
    if current:
        yield current


def clean(text):
    """The text as a reader sees it: CSV quotes, HTML entities and stray
    spaces undone."""
    text = text.strip().strip('"').replace('""', '"')
    text = html.unescape(text).replace("\u00a0", " ").replace("\ufffd", "")
    lines = (re.sub(r"[ \t\u3000]+", " ", l).strip() for l in text.split("\n"))
    return "\n".join(l for l in lines if l)


def title_and_body(text):
    """The headline and the rest, or the first clause and the whole text."""
    m = DATELINE.search(text, 0, 60)
    if m and m.start() >= 6:
        return text[: m.start()].strip(), text[m.start():]
    first = CLAUSE_END.split(text, 1)[0].strip()
    return first[:30], text


def paragraphs(text, per=3):
    """Sentences (ending in 。！？) grouped by `per`, lines kept apart."""
    out = []
    for line in text.split("\n"):
        sentences = re.findall(r"[^。！？]+[。！？”」]*|[。！？]+", line)
        for i in range(0, len(sentences), per):
            out.append("".join(sentences[i : i + per]).strip())
    return [p for p in out if p]


def md_escape(par):
    """A paragraph Markdown shows as written: ASCII punctuation that means
    something escaped, and a line start that would make a list or heading."""
    s = "".join("\\" + c if c in MD_SPECIAL else c for c in par)
    return re.sub(r"^(\d+)([.)])|^([-+=])", lambda m: (m.group(1) or "") + "\\" + (m.group(2) or m.group(3)), s)


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class OpenCC:
    """Simplified → Traditional with OpenCC's data (its s2t conversion)."""

    def __init__(self, source):
        self.phrases = first_choices(read_dictionary(source, "STPhrases.txt"))
        self.chars = first_choices(read_dictionary(source, "STCharacters.txt"))
        self.lengths = sorted({len(k) for k in self.phrases}, reverse=True)

    def convert(self, text):
        out, i = [], 0
        while i < len(text):
            for n in self.lengths:
                hit = self.phrases.get(text[i : i + n])
                if hit:
                    out.append(hit)
                    i += n
                    break
            else:
                out.append(self.chars.get(text[i], text[i]))
                i += 1
        return "".join(out)


def read_dictionary(source, name):
    rel = f"data/dictionary/{name}"
    if os.path.isfile(os.path.join(source, rel)):
        with open(os.path.join(source, rel), encoding="utf-8") as f:
            return f.read()
    show = ["git", "--git-dir", source, "show", f"HEAD:{rel}"]
    return subprocess.run(show, check=True, capture_output=True, text=True).stdout


def first_choices(data):
    table = {}
    for line in data.splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        key, values = line.split("\t", 1)
        table[key] = values.split(" ")[0]
    return table


def site_toml():
    return f"""# 真实文本搜索基准站点（由 benches/real-corpus.py 生成，仅供本地测量）
title = "真实文本搜索测试"
description = "公开新闻与裁判文书，用于测量站内搜索。"
base_url = "https://example.gov.cn/rd/real/"
language = "zh-Hans"
theme = "default"
paginate_by = 20
feed_limit = 20

[disclosure]
index_format = "{{code}}/{{year}}-{{serial:05}}"

[org]
name = "测试镇人大主席团"
code = "{ORG_CODE}"
icp = "青ICP备00000000号"
site_code = "0000000000"
address = "青山县测试镇人民路1号"

[search]
enabled = true
"""


SECTION = """+++
title = "新闻"
description = "真实文本语料"
weight = 1
page_kind = "article"
paginate_by = 20
+++

真实文本语料，供测量站内搜索。
"""


def page(title, date, category, index_no, body):
    head = [
        "+++",
        f"title = {toml_str(title)}",
        f"date = {date.isoformat()}",
        f"categories = [{toml_str(category)}]",
        "[disclosure]",
        f"index_no = {toml_str(index_no)}",
        "+++",
        "",
        "",
    ]
    return "\n".join(head) + "\n\n".join(md_escape(p) for p in paragraphs(body)) + "\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--opencc", default="/work/.mirror/BYVoid+OpenCC/repo")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--traditional", type=float, default=0.06)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    opencc = OpenCC(args.opencc)
    items = read_items(args.files)
    kept = [(c, t) for c, t in items if not LONG_DIGITS.search(t)]
    days = (LAST_DAY - FIRST_DAY).days + 1
    dated = [(FIRST_DAY + datetime.timedelta(rng.randrange(days)), i) for i in range(len(kept))]
    traditional = {i for i in range(len(kept)) if rng.random() < args.traditional}
    news = os.path.join(args.out, "content", "news")
    if os.path.isdir(news):
        for name in os.listdir(news):
            os.remove(os.path.join(news, name))
    write(os.path.join(args.out, "site.toml"), site_toml())
    write(os.path.join(args.out, "content", "_index.md"), '+++\ntitle = "首页"\n+++\n\n真实文本搜索测试站点。\n')
    write(os.path.join(news, "_index.md"), SECTION)
    serials = {}
    for date, i in sorted(dated):
        category, text = kept[i]
        title, body = title_and_body(text)
        if i in traditional:
            title, body = opencc.convert(title), opencc.convert(body)
        serials[date.year] = serials.get(date.year, 0) + 1
        index_no = f"{ORG_CODE}/{date.year}-{serials[date.year]:05}"
        write(os.path.join(news, f"{i:05}.md"), page(title or "无题", date, category, index_no, body))
    print(
        f"{len(items)} distinct items, {len(items) - len(kept)} skipped (11+ digits), "
        f"{len(kept)} pages, {len(traditional)} in Traditional characters",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
