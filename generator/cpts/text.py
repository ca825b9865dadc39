"""Small text helpers shared by the validator and the generator."""

from __future__ import annotations

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case without accents: « Hélène » -> « helene »."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("œ", "oe")


def slugify(text: str) -> str:
    """« Le Gall-Hélène » -> « le-gall-helene »: the form of file names and URLs."""
    return _NON_SLUG.sub("-", fold(text)).strip("-")
