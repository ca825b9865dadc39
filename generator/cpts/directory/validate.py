"""Validation: load, schema-check and cross-check the whole directory; collect every problem."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from .load import RawDirectory, load_directory
from .problems import Problem
from .rules import RULES
from .selection import select


def validate_directory(root: Path, today: dt.date | None = None) -> tuple[RawDirectory, list[Problem]]:
    """Every problem of every file: syntax, schema, then cross-file rules."""
    today = today or dt.date.today()
    raw = load_directory(root)
    problems = list(raw.problems)
    for rule in RULES:
        problems.extend(rule(raw, today))
    return raw, sorted(set(problems), key=lambda p: (p.path, p.line, p.field, p.message))


def only_files(problems: Iterable[Problem], root: Path, files: Iterable[Path]) -> list[Problem]:
    """The problems the named files and folders take part in (see selection.select)."""
    return select(problems, root, files)
