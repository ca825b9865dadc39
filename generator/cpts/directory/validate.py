"""Validation: load, schema-check and cross-check the whole directory; collect every problem."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from .load import RawDirectory, ReadMemo, display_path, load_directory
from .problems import Problem
from .rules import RULES


def validate_directory(root: Path, today: dt.date | None = None,
                       memo: ReadMemo | None = None) -> tuple[RawDirectory, list[Problem]]:
    """Every problem of every file: syntax, schema, then cross-file rules. `memo` (`cpts
    serve`) skips parsing and schema-checking again the files that did not change."""
    today = today or dt.date.today()
    raw = load_directory(root, memo)
    problems = list(raw.problems)
    for rule in RULES:
        problems.extend(rule(raw, today))
    return raw, sorted(set(problems), key=lambda p: (p.path, p.line, p.field, p.message))


def only_files(problems: Iterable[Problem], root: Path, files: Iterable[Path]) -> list[Problem]:
    """Keep the problems of the named files (a pull request's changed files)."""
    wanted = {display_path(root, f) for f in files}
    return [p for p in problems if p.path in wanted]
