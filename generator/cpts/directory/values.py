"""Checks of single values that no JSON Schema keyword expresses: finite numbers, texts that
are more than blanks. YAML reads « .nan », « .inf » or « 1.0e+999 » as numbers that every
`minimum` and `maximum` lets through, and a name of spaces satisfies `minLength`."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from .problems import Problem
from .yamlfile import YamlDocument

Path = tuple[str | int, ...]


def value_problems(doc: YamlDocument) -> dict[Path, Problem]:
    """One problem per value that is not a finite number or is a blank text, by its path."""
    found: dict[Path, Problem] = {}
    for path, value in _walk(doc.data):
        message = _wrong(value)
        if message:
            found[path] = Problem(doc.path, doc.line_of(path), _field(path), message)
    return found


def _wrong(value: Any) -> str | None:
    if isinstance(value, float) and not math.isfinite(value):
        return (f"« {value} » n'est pas un nombre — écrivez un nombre, avec un point décimal "
                "(par exemple 48.85)")
    if isinstance(value, str) and value and not value.strip():
        return ("la valeur ne contient que des espaces — écrivez-la, ou supprimez la ligne si le "
                "champ est facultatif")
    return None


def _walk(data: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    stack: list[tuple[Path, Any]] = [(path, data)]
    while stack:
        here, value = stack.pop()
        yield here, value
        if isinstance(value, dict):
            stack.extend(((*here, k), v) for k, v in value.items() if isinstance(k, str))
        elif isinstance(value, list):
            stack.extend(((*here, i), v) for i, v in enumerate(value))


def _field(path: Path) -> str:
    name = ""
    for step in path:
        name = f"{name}[{step + 1}]" if isinstance(step, int) else f"{name}.{step}" if name else step
    return name
