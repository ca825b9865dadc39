"""Validation: load, schema-check and cross-check the whole directory; collect every problem."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from pathlib import Path

from .load import RawDirectory, ReadMemo, load_directory
from .problems import Problem
from .rules import RULES
from .selection import select


def validate_directory(root: Path, today: dt.date | None = None,
                       only: Collection[Path] | None = None,
                       memo: ReadMemo | None = None) -> tuple[RawDirectory, list[Problem]]:
    """Every problem of every file: syntax, schema, then cross-file rules.

    With `only` (files and folders of the directory), the problems of those files are all
    there, at the cost of those files and of the few others they relate to; problems of other
    files may be missing (select them with `only_files`), and the RawDirectory is not complete
    enough to build the site from. `memo` (`cpts serve`) skips parsing and schema-checking
    again the files that did not change."""
    today = today or dt.date.today()
    raw = load_directory(root, only, memo)
    problems = list(raw.problems)
    for rule in RULES:
        problems.extend(rule(raw, today))
    return raw, sorted(set(problems), key=lambda p: (p.path, p.line, p.field, p.message))


def only_files(problems: Iterable[Problem], root: Path, files: Iterable[Path]) -> list[Problem]:
    """The problems the named files and folders take part in (see selection.select)."""
    return select(problems, root, files)
