#!/usr/bin/env python3
"""First pass of the Tera 1 -> Tera 2 port of the default theme's templates.

Rewrites what is mechanical: macro definitions become components
(`{% macro x(a) %}` -> `{% component m.x(a) %}`), calls
`m::x(a=b)` / `self::x(a=b)` become `<m.x a={b} />`, `{% import %}` lines go.
The rest of the port (tests, filters Tera 2 renamed or removed) was done by
hand on its output; see benches/README.md. Usage:

    python3 port.py ../../../themes/default/templates/page.html > ../templates/page.html
"""
import re
import sys


def split_top(s, sep=","):
    """Split `s` at `sep` outside parentheses, brackets, braces and quotes."""
    parts, depth, quote, cur = [], 0, None, ""
    for c in s:
        if quote:
            cur += c
            if c == quote:
                quote = None
            continue
        if c in "\"'`":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == sep and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        cur += c
    if cur.strip():
        parts.append(cur)
    return parts


def call(name, args):
    attrs = []
    for a in split_top(args):
        key, _, value = a.partition("=")
        key, value = key.strip(), value.strip()
        if re.fullmatch(r'"[^"]*"', value):
            attrs.append(f"{key}={value}")
        else:
            attrs.append(f"{key}={{{value}}}")
    return f"<m.{name} {' '.join(attrs)} />"


def calls(text):
    out, i = "", 0
    pat = re.compile(r"(?:m|self)::(\w+)\(")
    while True:
        m = pat.search(text, i)
        if not m:
            return out + text[i:]
        out += text[i:m.start()]
        depth, j = 1, m.end()
        while depth:
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            j += 1
        out += call(m.group(1), calls(text[m.end():j - 1]))
        i = j


def main(path):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r'\{% import "macros.html" as m %\}\n', "", text)
    text = re.sub(r"\{%(-?) macro (\w+)\(", r"{%\1 component m.\2(", text)
    text = re.sub(r"endmacro (\w+)", r"endcomponent m.\1", text)
    sys.stdout.write(calls(text))


if __name__ == "__main__":
    main(sys.argv[1])
