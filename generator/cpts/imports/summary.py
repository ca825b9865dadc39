"""What reading one extract met: lines read and kept, lines skipped with their number and why."""

from __future__ import annotations

from dataclasses import dataclass, field

from .lines import Encoding

MAX_LISTED = 50  # skipped lines named one by one in the report; the rest are counted


@dataclass
class SkippedLine:
    line: int
    reason: str


@dataclass
class ReadSummary:
    file: str
    encoding: Encoding | None = None
    variant: str = ""  # « 56 colonnes », « 52 colonnes »…
    lines: int = 0
    kept: int = 0
    skipped: list[SkippedLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # identifiers found on skipped lines: such people are not « gone » from the registry
    unreadable_ids: set[tuple[str, str]] = field(default_factory=set)

    def skip(self, line: int, reason: str) -> None:
        self.skipped.append(SkippedLine(line, reason))

    def messages(self) -> list[str]:
        """French lines for the terminal and the report."""
        out = [f"{self.file} : {self.lines} lignes lues"
               + (f" ({self.encoding.label}, {self.variant})" if self.encoding and self.variant
                  else f" ({self.encoding.label})" if self.encoding else "")
               + f", {self.kept} retenues pour le territoire."]
        if self.encoding and self.encoding.fallback_lines:
            lines = ", ".join(str(n) for n in self.encoding.fallback_lines[:10])
            out.append(f"{self.file} : {len(self.encoding.fallback_lines)} ligne(s) dans un autre "
                       f"encodage que le reste du fichier, lues quand même (lignes {lines}…) : "
                       "vérifiez les accents des fiches concernées.")
        for skipped in self.skipped[:MAX_LISTED]:
            out.append(f"{self.file}:{skipped.line}: ligne ignorée — {skipped.reason}")
        if len(self.skipped) > MAX_LISTED:
            out.append(f"{self.file} : {len(self.skipped) - MAX_LISTED} autre(s) ligne(s) ignorée(s).")
        out.extend(f"{self.file} : {note}" for note in self.notes)
        return out
