#!/usr/bin/env python3
"""Writes t2s.txt, the search's Traditional -> Simplified table, from OpenCC.

    python3 src/search/gen-t2s.py OPENCC_CHECKOUT

writes src/search/t2s.txt (characters) and src/search/t2s-phrases.txt.

Source: OpenCC (https://github.com/BYVoid/OpenCC, Apache-2.0), the data of
its t2s, hk2s and tw2s conversions: data/dictionary/TSCharacters.txt, after
CJK_Compatibility_Ideographs.txt (as t2s.json) and the Hong Kong and Taiwan
variants read backwards (HKVariants.txt, TWVariants.txt, as OpenCC builds
its *VariantsRev dictionaries), so 衞生 (Hong Kong) folds as 衛生 does. A
variant that is also a Simplified character (么, 吃, 台: STCharacters.txt
keys and TSCharacters.txt values) is never folded by that route.

The search folds one character into one character, so that a position in
folded text is a position in the page (the browser highlights by it). The
rule for each Traditional character:

* one Simplified form (衛 卫, 後 后, 髮 发, 羣 群, 峯 峰): that form;
* several forms (諮 咨 谘, 瀋 沈 渖, 乾 干 乾, 於 于 於): the first, which is
  the one OpenCC's t2s writes when no phrase says otherwise. So 諮詢 is
  found by 咨询 and 瀋陽 by 沈阳, and 乾淨 by 干净, as OpenCC converts them;
  a page's Traditional form and its Simplified form fold alike. What this
  costs: a Simplified page that keeps 乾 or 於 as itself (乾坤, a name)
  folds it too, so the one character 干 also finds it;
* a form that is the character itself (OpenCC's "keep it"): left out.

The table is closed under itself (a character folds to a character that
folds no further), so folding Simplified text is a no-op and folding twice
is folding once. Lines: "TRAD SIMP".

Phrases (t2s-phrases.txt, from TSPhrases.txt): where OpenCC converts a
phrase otherwise than character by character (乾坤 keeps 乾, 答覆 is 答复,
一目瞭然 is 一目了然), the phrase folds as OpenCC writes it, so the one
character 干 does not find 乾坤. Only phrases of the same length, and only
those whose result differs from the characters' (the rest add nothing).
Every page is folded, Simplified ones too, so a phrase whose characters are
all Simplified already (一坏, 沈默) and that OpenCC would change is left
out: it would change a Simplified page. In
the result, a character OpenCC keeps as itself stays only when it is one
that has itself among its Simplified forms (乾, 於, 藉); any other is
folded by the table (OpenCC's 不可赀計 becomes 不可赀计). Each phrase is
listed under its Traditional spelling and, when that result holds a kept
character, under the result too (a Simplified page writes 乾坤), so a page
and its conversion fold alike. Lines: "PHRASE RESULT"; a text is matched
longest phrase first, left to right.
"""
import os
import subprocess
import sys


def entries(repo, name):
    """(key, [values]) of each line of an OpenCC dictionary file."""
    text = subprocess.run(
        ["git", "-C", repo, "show", f"HEAD:data/dictionary/{name}"],
        check=True, capture_output=True, text=True).stdout
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, values = line.split("\t", 1)
            yield key, values.split(" ")


def read(repo, name):
    """One character -> its first form, where that is another character."""
    return {key: forms[0] for key, forms in entries(repo, name)
            if len(key) == 1 and len(forms[0]) == 1 and key != forms[0]}


def reversed_variants(repo, name):
    """variant -> standard Traditional, from a standard -> variants file."""
    table = {}
    for key, forms in entries(repo, name):
        for v in forms:
            if len(key) == 1 and len(v) == 1 and v != key:
                table.setdefault(v, key)
    return table


def self_listing(repo):
    """Characters with several Simplified forms, itself among them (乾 干 乾)."""
    return {key for key, forms in entries(repo, "TSCharacters.txt")
            if len(forms) > 1 and key in forms}


def phrases(repo, table):
    kept = self_listing(repo)
    fold = lambda s: "".join(table.get(c, c) for c in s)
    out = {}
    for key, forms in entries(repo, "TSPhrases.txt"):
        value = forms[0]
        if len(key) != len(value):
            continue
        result = "".join(v if v in kept else table.get(v, v) for v in value)
        # A phrase that reads as Simplified text too (一坏, 沈默 as a name)
        # would change Simplified pages: only its Traditional spellings count.
        if fold(key) == key and result != key:
            continue
        if fold(key) != result:
            out[key] = result
        if fold(result) != result:
            out.setdefault(result, result)
    return out


def main():
    repo = sys.argv[1]
    commit = subprocess.run(["git", "-C", repo, "rev-parse", "HEAD"],
                            check=True, capture_output=True, text=True).stdout.strip()
    ts = read(repo, "TSCharacters.txt")
    compat = read(repo, "CJK_Compatibility_Ideographs.txt")
    table = dict(ts)
    # A variant that is also a Simplified character (么, 吃, 台) stays: it
    # is written in Simplified text as itself.
    simplified = set(ts.values()) | set(read(repo, "STCharacters.txt"))
    for name in ("TWVariants.txt", "HKVariants.txt"):
        for variant, standard in reversed_variants(repo, name).items():
            if variant not in simplified:
                table.setdefault(variant, ts.get(standard, standard))
    for c, unified in compat.items():
        table[c] = table.get(unified, unified)
    # Close the table: a chain a -> b -> c becomes a -> c.
    for c in list(table):
        seen = {c}
        t = table[c]
        while t in table and t not in seen:
            seen.add(t)
            t = table[t]
        table[c] = t
    table = {k: v for k, v in table.items() if k != v}
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "t2s.txt"), "w", encoding="utf-8") as f:
        f.write("# Traditional -> Simplified, one character for one, for search folding.\n")
        f.write(f"# Generated by gen-t2s.py from OpenCC {commit} (Apache-2.0):\n")
        f.write("# data/dictionary/TSCharacters.txt, CJK_Compatibility_Ideographs.txt,\n")
        f.write("# HKVariants.txt and TWVariants.txt (read backwards).\n")
        f.write("# Rule (see gen-t2s.py): OpenCC's first Simplified form of each character.\n")
        for k in sorted(table):
            f.write(f"{k} {table[k]}\n")
    found = phrases(repo, table)
    with open(os.path.join(here, "t2s-phrases.txt"), "w", encoding="utf-8") as f:
        f.write("# Phrases that fold otherwise than character by character, for search.\n")
        f.write(f"# Generated by gen-t2s.py from OpenCC {commit} (Apache-2.0):\n")
        f.write("# data/dictionary/TSPhrases.txt. Rule: see gen-t2s.py.\n")
        for k in sorted(found):
            f.write(f"{k} {found[k]}\n")


main()
