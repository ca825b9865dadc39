"""National extracts write names in capitals: « LE HAVRE » -> « Le Havre », acronyms kept."""

from __future__ import annotations

import re

_SMALL = {"de", "du", "des", "la", "le", "les", "et", "en", "sur", "sous", "au", "aux", "a", "l", "d"}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Characters the schemas refuse in a short text.
_FORBIDDEN = re.compile(r"[<>{}\[\]\"\\|`\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def display_case(text: str, acronyms: frozenset[str] = frozenset(), *, name: bool = False,
                 inner: bool = False) -> str:
    """Capitals made readable; a text that already has lower case letters is kept as written.
    `inner`: the text follows other words (« avenue » + « DE LA GARE » -> « de la Gare »)."""
    text = " ".join(_FORBIDDEN.sub(" ", text).split())
    if any(c.islower() for c in text):
        return text
    first = not inner

    def word(match: re.Match[str]) -> str:
        nonlocal first
        raw = match.group(0)
        lower = raw.lower()
        after_apostrophe = match.start() > 0 and text[match.start() - 1] in "'’"
        if raw in acronyms:
            out = raw
        elif not first and not name and (lower in _SMALL or (after_apostrophe and len(lower) == 1)):
            out = lower
        elif after_apostrophe and not name:
            out = lower.capitalize()
        else:
            out = lower.capitalize()
        first = False
        return out

    return _WORD.sub(word, text)
