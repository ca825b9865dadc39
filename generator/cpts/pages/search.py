"""What the search knows of an entry: its filters, its result fields, its extra keywords.

Rendered into each entry page as Pagefind attributes (data-pagefind-filter, -meta) and a
hidden list of keywords, so that « kiné », « gyneco » or « briancon » find the right pages.
The index itself is built by cpts/search_index.py on the rendered site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from .. import phones
from ..model import Directory, Professional, Structure
from ..nomenclature import nomenclature
from ..text import fold

YES = "Oui"


@dataclass(frozen=True)
class SearchFields:
    filters: list[tuple[str, str]]  # (filter name, value), shown as facets with counts
    meta: dict[str, str]  # result fields: profession, commune, telephone
    keywords: list[str]  # everyday words and accent-free forms, indexed but not shown


@cache
def synonyms() -> dict[str, list[str]]:
    text = resources.files("cpts").joinpath("data/synonymes.yml").read_text("utf-8")
    table: dict[str, list[str]] = yaml.safe_load(text)
    return {code: [str(word) for word in words] for code, words in table.items()}


def _words(*texts: str) -> list[str]:
    seen: dict[str, None] = {}
    for text in texts:
        for form in (text, fold(text)):
            seen.setdefault(form, None)
    return list(seen)


def professional_fields(p: Professional) -> SearchFields:
    vocabulary = nomenclature()
    profession = vocabulary.professions[p.profession]
    specialty_labels = p.specialty_labels
    category = specialty_labels[0] if p.profession == "medecin" and specialty_labels else (
        profession.label)
    communes = sorted({place.commune.name for place in p.places})
    filters = [("categorie", category)]
    filters += [("commune", c) for c in communes]
    if p.published_new_patients:
        filters.append(("nouveaux_patients", vocabulary.new_patients[p.published_new_patients]))
    if p.same_day_care:
        filters.append(("soins_non_programmes", YES))
    if any(place.home_visits for place in p.places):
        filters.append(("visites_domicile", YES))
    if any(place.teleconsultation for place in p.places):
        filters.append(("teleconsultation", YES))
    filters += [("langue", vocabulary.languages[code]) for code in p.languages if code != "fr"]
    if any(place.wheelchair_access for place in p.places):
        filters.append(("accessibilite_pmr", YES))
    if p.sector:
        filters.append(("secteur", vocabulary.sectors[p.sector].split(" (")[0]))
    if p.carte_vitale:
        filters.append(("carte_vitale", YES))
    phone = next((place.phone for place in p.places if place.phone), None)
    what = p.profession_label + (f" — {', '.join(specialty_labels)}" if specialty_labels else "")
    meta = {"profession": what, "commune": ", ".join(communes)}
    if phone:
        meta["telephone"] = phones.display(phone)
    table = synonyms()
    keywords = _words(profession.label, profession.plural, *specialty_labels, *communes,
                      *table.get(p.profession, []),
                      *(w for code in p.specialties for w in table.get(code, [])))
    return SearchFields(filters, meta, keywords)


def structure_fields(s: Structure) -> SearchFields:
    kind = nomenclature().structure_types[s.type]
    filters = [("categorie", kind.short), ("commune", s.commune.name)]
    if s.same_day_care:
        filters.append(("soins_non_programmes", YES))
    if s.wheelchair_access:
        filters.append(("accessibilite_pmr", YES))
    meta = {"profession": kind.label, "commune": s.commune.name}
    if s.phone:
        meta["telephone"] = phones.display(s.phone)
    extra = synonyms().get("pharmacien", []) if s.type == "pharmacie" else []
    keywords = _words(kind.label, kind.short, s.commune.name, *s.services, *extra)
    return SearchFields(filters, meta, keywords)


def query_terms(directory: Directory) -> dict[str, dict[str, list[str]]]:
    """Words of a query that stand for a filter: « kiné » -> categorie Masseur-kinésithérapeute,
    « briancon » -> commune Briançon. The search page turns them into filters, which are exact
    and much faster than a full-text match on thousands of pages.

    Keys are folded (lower case, no accents, words separated by one space).
    """
    vocabulary = nomenclature()
    terms: dict[str, dict[str, set[str]]] = {}

    def add(phrase: str, key: str, value: str) -> None:
        folded = " ".join(_WORD.findall(fold(phrase)))
        if folded:
            terms.setdefault(folded, {}).setdefault(key, set()).add(value)

    table = synonyms()
    for code, profession in vocabulary.professions.items():
        values = list(profession.specialties.values()) if code == "medecin" else [profession.label]
        for word in (profession.label, profession.plural, profession.feminine or "",
                     *table.get(code, [])):
            for value in values:
                add(word, "categorie", value)
        if code == "pharmacien":
            for word in table.get(code, []):
                add(word, "categorie", vocabulary.structure_types["pharmacie"].short)
        for specialty, label in profession.specialties.items():
            category = label if code == "medecin" else profession.label
            for word in (label, *table.get(specialty, [])):
                add(word, "categorie", category)
    for kind in vocabulary.structure_types.values():
        for word in (kind.short, kind.plural):
            add(word, "categorie", kind.short)
    for commune in directory.territory.communes.values():
        add(commune.name, "commune", commune.name)
    return {phrase: {key: sorted(values) for key, values in found.items()}
            for phrase, found in sorted(terms.items())}


_WORD = re.compile(r"[a-z0-9]+")
