"""An answer when there is none: for a specialty or profession the territory lacks, what exists.

The search page receives, for each of its categories with no entry in the directory, the links to
offer instead (data/recherche.yml `relais`, then the GPs): an entry's page when there are a few,
its listing when there are many; for a specialty, first the structures that receive its patients
(`specialites`). The structures outside the territory that do are offered apart, nearest first
(`outside`). The page adds the CPTS's contact.
"""

from __future__ import annotations

from typing import Any

from ..formatting import commune_label
from ..i18n import Language
from ..model import Directory, Professional, Structure
from ..nomenclature import nomenclature
from . import urls
from .search import PRIMARY_CARE
from .search_words import search_data
from .soins import french_sort_key

FEW = 3  # up to this many entries, each is offered by name; beyond, their listing


def relays() -> dict[str, dict[str, list[str]]]:
    """Specialty or profession code -> what to offer when nobody practises it (`relais`)."""
    found: dict[str, dict[str, list[str]]] = search_data()["relais"]
    return found


def unlisted() -> dict[str, dict[str, list[str]]]:
    """Practitioners the directory does not list (`hors_annuaire`) -> what to offer instead."""
    items = search_data().get("hors_annuaire", {})
    return {name: item.get("relais", {}) for name, item in items.items()}


def lacking(directory: Directory, language: Language) -> dict[str, str]:
    """Category value of the search -> its code, for the specialties and professions nobody of
    the directory practises, and the practitioners it does not list (`hors_annuaire`)."""
    t = language.gettext
    found: dict[str, str] = {}
    for code, profession in nomenclature().professions.items():
        if code == "medecin":
            for specialty, label in profession.specialties.items():
                if not any(specialty in p.specialties for p in directory.professionals):
                    found[t(label)] = specialty
        elif not any(p.profession == code for p in directory.professionals):
            found[t(profession.label)] = code
    for name in unlisted():
        found[t(name)] = name
    return found


def fallbacks(directory: Directory, language: Language, src: str) -> dict[str, list[dict[str, Any]]]:
    """Category value of the search -> [{label, url}], for the categories nobody serves."""
    t = language.gettext
    link = urls.linker(src, language)
    names = nomenclature()
    rules = {**relays(), **unlisted()}

    def offer(entries: list[Professional | Structure], listing: str | None,
              plural: str) -> list[dict[str, Any]]:
        if not entries:
            return []
        if len(entries) > FEW and listing:
            return [{"label": f"{t(plural)} ({len(entries)})", "url": link(listing)}]
        return [_entry_link(entry, link, language) for entry in entries]

    answers: dict[str, list[dict[str, Any]]] = {}
    gps = [p for p in directory.professionals if PRIMARY_CARE in p.specialties]
    for value, code in lacking(directory, language).items():
        relay = rules.get(code, {})
        found: list[dict[str, Any]] = []
        here = [s for s in directory.structures.values() if code in s.specialties and not s.outside]
        found += offer(list(here), None, "")
        for kind in relay.get("structures", []):
            members = [s for s in directory.structures.values() if s.type == kind]
            found += offer(list(members), f"annuaire/structures/{kind}.md",
                           names.structure_types[kind].plural)
        for specialty in relay.get("specialites", []):
            members_p = [p for p in directory.professionals if specialty in p.specialties]
            found += offer(list(members_p), None, names.specialty_label(specialty))
        for profession in relay.get("professions", []):
            members_p = [p for p in directory.professionals if p.profession == profession]
            found += offer(list(members_p), f"annuaire/{profession}.md",
                           names.professions[profession].plural)
        found += offer(list(gps), "annuaire/medecins-generalistes.md", "Médecins généralistes")
        answers[value] = found
    return answers


def outside(directory: Directory, language: Language, src: str) -> dict[str, list[dict[str, Any]]]:
    """Category value of the search -> the structures outside the territory that receive the
    patients of a specialty nobody of the territory practises, nearest first: [{label, url, km}]
    (« CHU … — Centre hospitalier, Nice (hors territoire, à 38 km) »)."""
    link = urls.linker(src, language)
    answers: dict[str, list[dict[str, Any]]] = {}
    for value, code in lacking(directory, language).items():
        far = [(s.outside.distance_km, s) for s in directory.structures.values()
               if s.outside and code in s.specialties]
        far.sort(key=lambda pair: (pair[0], french_sort_key(pair[1].name)))
        if far:
            answers[value] = [{**_entry_link(s, link, language), "km": km} for km, s in far]
    return answers


def _entry_link(entry: Professional | Structure, link: Any, language: Language) -> dict[str, Any]:
    t = language.gettext
    if isinstance(entry, Structure):
        what, page = t(entry.type_label), urls.structure_page(entry.slug)
        name, where = entry.name, commune_label(entry.commune, entry.outside, language)
    else:
        what, page = t(entry.profession_label), urls.professional_page(entry.slug)
        name, where = entry.full_name, ", ".join(sorted({pl.commune.name for pl in entry.places}))
    return {"label": f"{name} — {what}, {where}", "url": link(page)}


def sought(directory: Directory, language: Language) -> list[str]:
    """The search's categories the CPTS's latest diagnostic seeks (« recherches »): a search for
    one that finds no one says the CPTS is looking for such a professional."""
    if not directory.diagnostics:
        return []
    t = language.gettext
    names = nomenclature()
    found: set[str] = set()
    for profession, specialty in directory.diagnostics[0].sought:
        if profession == "medecin" and specialty:
            found.add(t(names.professions["medecin"].specialties[specialty]))
        elif profession in names.professions:
            found.add(t(names.professions[profession].label))
    return sorted(found)
