"""The national commune table shipped with the package (see scripts/refresh-communes.py)."""

from __future__ import annotations

import csv
import difflib
import gzip
import io
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

DATA = files("cpts.territory") / "data"


@dataclass(frozen=True)
class Commune:
    insee: str
    nom: str
    codes_postaux: tuple[str, ...]
    population: int
    epci: str
    departement: str


@dataclass(frozen=True)
class Epci:
    siren: str
    nom: str
    membres: int


def _rows(name: str) -> list[dict[str, str]]:
    text = gzip.decompress((DATA / name).read_bytes()).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def communes() -> dict[str, Commune]:
    return {
        row["insee"]: Commune(row["insee"], row["nom"], tuple(row["codes_postaux"].split()),
                              int(row["population"] or 0), row["epci"], row["departement"])
        for row in _rows("communes.csv.gz")
    }


@cache
def epcis() -> dict[str, Epci]:
    return {row["siren"]: Epci(row["siren"], row["nom"], int(row["membres"]))
            for row in _rows("epci.csv.gz")}


def source() -> dict:
    return json.loads((DATA / "source.json").read_text(encoding="utf-8"))


def commune(code: str) -> Commune | None:
    return communes().get(code)


def members(siren: str) -> list[Commune]:
    return [c for c in communes().values() if c.epci == siren]


def suggestions(code: str, known: dict[str, object]) -> list[str]:
    """Close codes for a mistyped one: same length, few differing digits."""
    return difflib.get_close_matches(code, list(known), n=3, cutoff=0.6)
