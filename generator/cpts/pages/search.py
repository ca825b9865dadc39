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
from ..i18n import DEFAULT, Language
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
def synonyms(language: Language = DEFAULT) -> dict[str, list[str]]:
    """Everyday words per profession or specialty code. In English, the English words
    (data/synonyms.en.yml) come with the French ones: a visitor may know « pharmacie »."""
    names = ["synonymes.yml"] + ([] if language is DEFAULT else [f"synonyms.{language.code}.yml"])
    merged: dict[str, list[str]] = {}
    for name in names:
        text = resources.files("cpts").joinpath(f"data/{name}").read_text("utf-8")
        table: dict[str, list[str]] = yaml.safe_load(text)
        for code, words in table.items():
            merged.setdefault(code, []).extend(str(word) for word in words)
    return merged


def _words(*texts: str) -> list[str]:
    seen: dict[str, None] = {}
    for text in texts:
        for form in (text, fold(text)):
            seen.setdefault(form, None)
    return list(seen)


def professional_fields(p: Professional, language: Language = DEFAULT) -> SearchFields:
    t = language.gettext
    yes = t(YES)
    vocabulary = nomenclature()
    profession = vocabulary.professions[p.profession]
    specialty_labels = [t(label) for label in p.specialty_labels]
    category = specialty_labels[0] if p.profession == "medecin" and specialty_labels else (
        t(profession.label))
    communes = sorted({place.commune.name for place in p.places})
    filters = [("categorie", category)]
    filters += [("commune", c) for c in communes]
    if p.published_new_patients:
        filters.append(("nouveaux_patients",
                        t(vocabulary.new_patients[p.published_new_patients])))
    if p.same_day_care:
        filters.append(("soins_non_programmes", yes))
    if any(place.home_visits for place in p.places):
        filters.append(("visites_domicile", yes))
    if any(place.teleconsultation for place in p.places):
        filters.append(("teleconsultation", yes))
    filters += [("langue", t(vocabulary.languages[code])) for code in p.languages if code != "fr"]
    if any(place.wheelchair_access for place in p.places):
        filters.append(("accessibilite_pmr", yes))
    if p.sector:
        filters.append(("secteur", t(vocabulary.sectors[p.sector]).split(" (")[0]))
    if p.carte_vitale:
        filters.append(("carte_vitale", yes))
    phone = next((place.phone for place in p.places if place.phone), None)
    what = t(p.profession_label) + (f" — {', '.join(specialty_labels)}" if specialty_labels else "")
    meta = {"profession": what, "commune": ", ".join(communes)}
    if phone:
        meta["telephone"] = _phone(phone, language)
    table = synonyms(language)
    keywords = _words(t(profession.label), t(profession.plural), *specialty_labels, *communes,
                      *_french(language, profession.label, *p.specialty_labels),
                      *table.get(p.profession, []),
                      *(w for code in p.specialties for w in table.get(code, [])))
    return SearchFields(filters, meta, keywords)


def structure_fields(s: Structure, language: Language = DEFAULT) -> SearchFields:
    t = language.gettext
    kind = nomenclature().structure_types[s.type]
    filters = [("categorie", t(kind.short)), ("commune", s.commune.name)]
    if s.same_day_care:
        filters.append(("soins_non_programmes", t(YES)))
    if s.wheelchair_access:
        filters.append(("accessibilite_pmr", t(YES)))
    meta = {"profession": t(kind.label), "commune": s.commune.name}
    if s.phone:
        meta["telephone"] = _phone(s.phone, language)
    table = synonyms(language)
    extra = [*table.get("pharmacien", [])] if s.type == "pharmacie" else []
    keywords = _words(t(kind.label), t(kind.short), s.commune.name, *s.services, *extra,
                      *_french(language, kind.label, kind.short))
    return SearchFields(filters, meta, keywords)


def _phone(number: str, language: Language) -> str:
    return phones.display(number) if language is DEFAULT else phones.display_international(number)


def _french(language: Language, *labels: str) -> tuple[str, ...]:
    """On a page in another language, the French labels too: visitors read them on signs."""
    return () if language is DEFAULT else labels


def query_terms(directory: Directory,
                language: Language = DEFAULT) -> dict[str, dict[str, list[str]]]:
    """Words of a query that stand for a filter: « kiné » -> categorie Masseur-kinésithérapeute,
    « the folded name of a commune » -> that commune. The search page turns them into filters, which are exact
    and much faster than a full-text match on thousands of pages.

    Keys are folded (lower case, no accents, words separated by one space).
    """
    t = language.gettext
    vocabulary = nomenclature()
    terms: dict[str, dict[str, set[str]]] = {}

    def add(phrase: str, key: str, value: str) -> None:
        folded = " ".join(_WORD.findall(fold(phrase)))
        if folded:
            terms.setdefault(folded, {}).setdefault(key, set()).add(value)

    table = synonyms(language)
    for code, profession in vocabulary.professions.items():
        values = ([t(v) for v in profession.specialties.values()] if code == "medecin"
                  else [t(profession.label)])
        names = (profession.label, profession.plural, profession.feminine or "")
        for word in (*names, *(t(n) for n in names if n), *table.get(code, [])):
            for value in values:
                add(word, "categorie", value)
        if code == "pharmacien":
            for word in table.get(code, []):
                add(word, "categorie", t(vocabulary.structure_types["pharmacie"].short))
        for specialty, label in profession.specialties.items():
            category = t(label) if code == "medecin" else t(profession.label)
            for word in (label, t(label), *table.get(specialty, [])):
                add(word, "categorie", category)
    for kind in vocabulary.structure_types.values():
        for word in (kind.short, kind.plural, t(kind.short), t(kind.plural)):
            add(word, "categorie", t(kind.short))
    for commune in directory.territory.communes.values():
        add(commune.name, "commune", commune.name)
    return {phrase: {key: sorted(values) for key, values in found.items()}
            for phrase, found in sorted(terms.items())}


_WORD = re.compile(r"[a-z0-9]+")
