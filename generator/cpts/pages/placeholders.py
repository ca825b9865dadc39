"""Passages of the hand-written pages still to write: `<!-- à compléter : … -->` comments.

`cpts init` writes the skeleton of a new site's pages with these comments. They are HTML
comments, so a visitor never sees them (no « TODO » on a public page); the build reports each
one as a warning, with its file and line, until the CPTS replaces it with its own text.
"""

from __future__ import annotations

import re

from ..directory.problems import Problem, Severity

PLACEHOLDER = re.compile(r"<!--\s*à compléter\s*:?\s*(.*?)\s*-->", re.S | re.I)


def placeholders(path: str, text: str) -> list[Problem]:
    """One warning per placeholder of a page of content/ (`path` relative to content/)."""
    found = []
    for match in PLACEHOLDER.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        what = " ".join(match.group(1).split()) or "ce passage"
        found.append(Problem(f"content/{path}", line, "",
                             f"à compléter : {what} — remplacez ce commentaire par votre texte",
                             Severity.WARNING))
    return found
