"""The national codes -> nomenclature keys table (correspondances.yml), and the codes it lacks."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ..nomenclature import nomenclature
from ..text import fold

_MISSING = object()

# table -> (national table name, what the member adds to correspondances.yml)
TABLES = {
    "professions": "TRE_G15 (code profession)",
    "specialites": "TRE_R38 (savoir-faire)",
    "sections_pharmaciens": "section du tableau des pharmaciens",
    "secteurs": "TRE_R02 (secteur d'activité)",
    "categories": "TRE_R66 (catégorie d'établissement FINESS)",
}


@dataclass
class Mapping:
    tables: dict[str, dict[str, Any]]
    acronyms: frozenset[str]
    street_types: dict[str, str]
    # (table, code, label) -> lines that used an unknown code: reported once each
    unknown: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    # (table, code, file's label, table's label) -> lines whose label contradicts the table
    mismatched: Counter[tuple[str, str, str, str]] = field(default_factory=Counter)

    def key(self, table: str, code: str, label: str, scope: str | None = None) -> str | None:
        """The nomenclature key for `code`, None when the code is known as not listed, or
        unknown (then counted for the report, never guessed)."""
        if not code:
            return None
        entries = self.tables.get(table, {})
        if scope is not None:
            entries = entries.get(scope) or {}
        entry = entries.get(code, _MISSING)
        if entry is _MISSING:
            self.unknown[(table, f"{scope} {code}" if scope else code, label)] += 1
            return None
        if not isinstance(entry, dict):
            return None
        expected = str(entry.get("libelle") or "")
        if table in LABEL_CHECKED and label and expected and not same_label(label, expected):
            self.mismatched[(table, f"{scope} {code}" if scope else code, label, expected)] += 1
            return None
        return entry.get("cle")

    def unknown_messages(self) -> list[str]:
        out = [f"code {TABLES[table]} « {code} » : le fichier dit « {label} », "
               f"correspondances.yml dit « {expected} » — {count} ligne(s) non reprise(s) ; "
               "corrigez la ligne de correspondances.yml d'après la table nationale"
               for (table, code, label, expected), count in sorted(self.mismatched.items())]
        for (table, code, label), count in sorted(self.unknown.items()):
            effect = ("lieu(x) importé(s) sans être relié(s) à une structure" if table == "secteurs"
                      else "ligne(s) non reprise(s)")
            out.append(f"code {TABLES[table]} « {code} » ({label or 'sans libellé'}) inconnu de "
                       f"correspondances.yml : {count} {effect} — ajoutez-le à la rubrique "
                       f"« {table} » s'il correspond à une clé de l'annuaire")
        return out


# Tables whose entries were written from the national tables' labels: a code whose label in the
# file does not match is reported, never mapped (a wrong line of the table cannot mislabel
# anyone).
LABEL_CHECKED = frozenset({"specialites"})


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[^a-z]+", fold(text)) if len(w) >= 3 and w not in ("les", "des")}


def same_label(found: str, expected: str) -> bool:
    """« Qualifié en Médecine Générale » matches « Médecine générale »; « Gynécologie
    médicale » does not match « Gynécologie-obstétrique » (half of the words at least)."""
    a, b = _words(found), _words(expected)
    return bool(a and b) and len(a & b) / len(a | b) >= 0.5


@cache
def _raw() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("correspondances.yml").read_text("utf-8")
    return dict(yaml.safe_load(text))


def load_mapping() -> Mapping:
    raw = _raw()
    tables = {name: {str(k): v for k, v in (raw.get(name) or {}).items()} for name in TABLES}
    return Mapping(tables, frozenset(raw.get("sigles") or []), dict(raw.get("types_voie") or {}))


def check_mapping() -> list[str]:
    """Keys of correspondances.yml that the nomenclature does not know (for the tests)."""
    v = nomenclature()
    raw = _raw()
    problems = []
    for code, entry in (raw.get("professions") or {}).items():
        if entry["cle"] is not None and entry["cle"] not in v.professions:
            problems.append(f"professions {code}: {entry['cle']}")
    for profession, entries in (raw.get("specialites") or {}).items():
        for code, entry in entries.items():
            if entry["cle"] is not None and entry["cle"] not in v.professions[profession].specialties:
                problems.append(f"specialites {profession} {code}: {entry['cle']}")
    for code, entry in (raw.get("sections_pharmaciens") or {}).items():
        if entry["cle"] is not None and entry["cle"] not in v.professions["pharmacien"].specialties:
            problems.append(f"sections_pharmaciens {code}: {entry['cle']}")
    for table in ("secteurs", "categories"):
        for code, entry in (raw.get(table) or {}).items():
            if entry["cle"] is not None and entry["cle"] not in v.structure_types:
                problems.append(f"{table} {code}: {entry['cle']}")
    return problems
