"""Lighter pages: runs of indentation left by the templates are dropped from the HTML.

A line break followed by spaces, or spaces before a line break, render exactly as one line
break does (HTML collapses white space between words and ignores it between blocks), so every
such run becomes a single line break, except where white space is kept as written: `<pre>`,
`<textarea>`, and the code of `<script>` and `<style>`, which are left untouched.
"""

from __future__ import annotations

import re

_KEPT = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
# HTML's white space (not Python's \s, which would also take a no-break space).
_SPACE = " \t\r\f"


def collapse_whitespace(html: str) -> str:
    parts = _KEPT.split(html)
    # split() with two groups yields: text, kept element, its tag name, text, …
    out: list[str] = []
    for index in range(0, len(parts), 3):
        out.append(_collapse(parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)


def _collapse(text: str) -> str:
    """Every run of white space holding a line break -> one line break (line by line: faster
    than a regular expression on pages with hundreds of indented lines)."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    middle = [line for line in (raw.strip(_SPACE) for raw in lines[1:-1]) if line]
    return "\n".join([lines[0].rstrip(_SPACE), *middle, lines[-1].lstrip(_SPACE)])
