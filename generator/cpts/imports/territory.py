"""Which lines of a national extract belong to the territory: by INSEE code, else postal code + town."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..text import fold

_NOT_WORD = re.compile(r"[^a-z0-9]+")
_CEDEX = re.compile(r"\bcedex\b.*$")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def town_key(name: str) -> str:
    """« LE PUY EN VELAY », « Le Puy-en-Velay » and « ST DENIS CEDEX » compare equal with their names."""
    words = _NOT_WORD.sub(" ", _CEDEX.sub("", fold(name))).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


@dataclass
class TerritoryFilter:
    """The communes of territoire.yml, and the lines that could not be placed in one."""

    communes: dict[str, dict[str, Any]]  # INSEE code -> the commune of territoire.yml
    by_postcode: dict[str, dict[str, str]] = field(default_factory=dict)  # postcode -> town -> INSEE
    unplaced: Counter[tuple[str, str]] = field(default_factory=Counter)  # (postcode, town) -> lines

    @classmethod
    def from_territory(cls, territory: dict[str, Any]) -> TerritoryFilter:
        communes = {c["insee"]: c for c in territory.get("communes") or []}
        by_postcode: dict[str, dict[str, str]] = {}
        for insee, commune in communes.items():
            for postcode in commune.get("codes_postaux") or []:
                by_postcode.setdefault(postcode, {})[town_key(commune["nom"])] = insee
        return cls(communes, by_postcode)

    def prefilter(self, separator: bytes) -> re.Pattern[bytes]:
        """A fast test on the raw line: one of the territory's codes stands alone in a field
        (or begins a « 75015 PARIS » field). Lines it rejects cannot belong to the territory."""
        codes = sorted(set(self.communes) | set(self.by_postcode))
        alternatives = b"|".join(re.escape(code.encode()) for code in codes) or b"(?!)"
        sep = re.escape(separator)
        return re.compile(sep + b"(?:" + alternatives + b")(?:" + sep + b"| )")

    def commune_of(self, insee: str, postcode: str, town: str) -> str | None:
        """The INSEE code of the territory's commune, or None when the line is elsewhere."""
        if insee:
            return insee if insee in self.communes else None
        towns = self.by_postcode.get(postcode)
        if not towns:
            return None
        found = towns.get(town_key(town))
        if found is None:
            self.unplaced[(postcode, town.strip())] += 1
        return found

    def centre(self, insee: str) -> dict[str, float] | None:
        centre = self.communes[insee].get("centre")
        return {"lat": centre["lat"], "lon": centre["lon"]} if centre else None
