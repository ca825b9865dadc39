"""`cpts validate FILE`: which other files the named ones can have a problem with.

Checking one entry must not cost checking the whole directory. A file's own problems need
only that file (and the territory); its cross-file problems (rules.py) involve the files
that share an identifier with it (a RPPS, ADELI or FINESS number), that name it (a structure
or a campaign is named by its file name) or that it names. Those are found by looking for the
identifiers and names in the text of the other files — a cheap index, which may find a file
too many (it is then read for nothing) but never misses one — and only they are read; the
others are known by their file name, which is all the rules need of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..text import slugify
from .yamlfile import MAX_FILE_BYTES, YamlDocument

# Numbers that identify one entry each (rules.unique_identifiers).
IDENTIFIERS = ("rpps", "adeli", "finess")
# Kinds whose entries other files name by their file name (a place's structure, an alert's
# campaign).
NAMED_KINDS = ("structure", "campagne")


def touched(selected: Iterable[tuple[str, Path, YamlDocument | None]],
            others: Iterable[tuple[str, Path]]) -> set[Path]:
    """The files of `others` that a cross-file rule may relate to one of `selected`."""
    keys: set[str] = set()
    names: set[str] = set()
    for kind, path, doc in selected:
        if kind in NAMED_KINDS:
            keys.add(path.stem)
        if doc is not None:
            keys.update(_identifiers(doc.data))
            names.update(_names(doc.data))
    words = {key.encode() for key in keys if _WORD.fullmatch(key.encode())}
    odd = [key.encode() for key in keys if key.encode() not in words]  # « 101 000 00016 »
    found: set[Path] = set()
    for kind, path in others:
        named = kind in NAMED_KINDS and path.stem in names
        if named or (keys and _mentions(path, words, odd)):
            found.add(path)
    return found


# A word of a YAML text: identifiers and file names are made of these characters only.
_WORD = re.compile(rb"[A-Za-z0-9_-]+")


def _identifiers(data: dict[str, Any]) -> Iterator[str]:
    for name in IDENTIFIERS:
        value = data.get(name)
        if isinstance(value, str) and value.strip():
            yield value


def _names(data: Any) -> Iterator[str]:
    """Every string of the document that could be another file's name."""
    if isinstance(data, str):
        if data and slugify(data) == data:
            yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _names(value)
    elif isinstance(data, list):
        for value in data:
            yield from _names(value)


def _mentions(path: Path, words: set[bytes], odd: list[bytes]) -> bool:
    """Whether the file's text holds one of the words, or one of the other keys anywhere."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return True  # read, and refused with its own message
        text = path.read_bytes()
    except OSError:
        return True
    return not words.isdisjoint(_WORD.findall(text)) or any(key in text for key in odd)
