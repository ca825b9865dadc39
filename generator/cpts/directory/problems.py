"""Problems found in the directory: one value per problem, collected, never raised."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field


class Severity(enum.Enum):
    ERROR = "erreur"
    WARNING = "avertissement"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file, as a member should read it."""

    path: str
    line: int
    field: str
    message: str
    severity: Severity = Severity.ERROR
    # The other files this problem comes from (a duplicate's first file, a structure that is
    # referenced, territoire.yml): `cpts validate FILE` shows it for any of them.
    related: tuple[str, ...] = dataclass_field(default=(), compare=False)

    def involves(self, path: str) -> bool:
        return self.path == path or path in self.related

    def format_text(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field} :" if self.field else ""
        prefix = "" if self.severity is Severity.ERROR else " (avertissement)"
        return f"{where}:{prefix}{field} {self.message}"

    def format_github(self) -> str:
        level = "error" if self.severity is Severity.ERROR else "warning"
        text = f"{self.field} : {self.message}" if self.field else self.message
        # Workflow commands need %, CR and LF escaped in the message and properties.
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = self.path.replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
        line = f",line={self.line}" if self.line else ""
        return f"::{level} file={path}{line}::{text}"

    def as_dict(self) -> dict[str, object]:
        return {
            "fichier": self.path,
            "ligne": self.line,
            "champ": self.field,
            "message": self.message,
            "niveau": self.severity.value,
        }


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.WARNING]


def render_report(problems: list[Problem], output_format: str = "text") -> str:
    """The report a member reads: every problem, sorted by file and line, then a summary."""
    ordered = sorted(problems, key=lambda p: (p.path, p.line, p.field, p.message))
    if output_format == "json":
        return json.dumps([p.as_dict() for p in ordered], ensure_ascii=False, indent=2)
    if output_format == "github":
        lines = [p.format_github() for p in ordered]
    else:
        lines = [p.format_text() for p in ordered]
    lines.append(summarize(ordered))
    return "\n".join(lines)


def summarize(problems: list[Problem]) -> str:
    n_err, n_warn = len(errors(problems)), len(warnings(problems))
    if not n_err and not n_warn:
        return "Annuaire valide : aucune erreur."
    parts = []
    if n_err:
        parts.append(f"{n_err} erreur{'s' if n_err > 1 else ''}")
    if n_warn:
        parts.append(f"{n_warn} avertissement{'s' if n_warn > 1 else ''}")
    return "Annuaire : " + " et ".join(parts) + "."
