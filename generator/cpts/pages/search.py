"""What the search knows of an entry: its filters, its result fields, its extra keywords; and
the words of a query that stand for filters (query_terms), for the search page's script.

Rendered into each entry page as Pagefind attributes (data-pagefind-filter, -meta, -sort) and a
hidden list of keywords, so that « kiné », « gyneco » or « paris » find the right pages.
The vocabulary of needs, attributes and stop words is in search_words.py; the index itself is
built by cpts/rendering/search_index.py on the rendered site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .. import phones
from ..i18n import DEFAULT, ENGLISH, Language
from ..model import Directory, Hours, Professional, Structure
from ..nomenclature import nomenclature
from ..text import fold
from .search_words import (
    FIRST,
    GUIDE,
    NEED,
    Server,
    need_filters,
    phrase_key,
    search_vocabulary,
    serves,
)

YES = "Oui"


# The order of a filter-only search (data-pagefind-sort « rang »): guidance pages, then places,
# then people, those who accept new patients first, then the places outside the territory.
NEW_PATIENTS_RANK = {"oui": "0", "liste-attente": "1", None: "2", "non": "3"}
# The specialty a search for « médecin » lists first: primary care.
PRIMARY_CARE = "medecine-generale"
# Structure types whose very purpose is care at home.
HOME_CARE_TYPES = ("ssiad",)


@dataclass(frozen=True)
class SearchFields:
    filters: list[tuple[str, str]]  # (filter name, value), shown as facets with counts
    meta: dict[str, str]  # result fields: profession, commune, telephone, nouveaux_patients…
    keywords: list[str]  # everyday words and accent-free forms, indexed but not shown
    rank: str = "2"  # data-pagefind-sort « rang »


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
    """Each text once: not again in lower case, nor without its accents. Pagefind (1.5) indexes
    a word in lower case and without accents (« kiné » is found by « kine »), and the same word
    twice over costs its memory for every page (benchmarks/README.md)."""
    seen: dict[str, str] = {}
    for text in texts:
        seen.setdefault(fold(text).lower(), text)
    return list(seen.values())


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
    if p.published_new_patients:
        meta["nouveaux_patients"] = t(p.new_patients_badge or "")
        meta["statut"] = p.published_new_patients
    hours = next((place.hours for place in p.places if place.hours), None)
    if hours:
        meta["horaires"] = _week(hours)
    table = synonyms(language)
    spoken = [t(vocabulary.languages[code]) for code in p.languages if code != "fr"]
    keywords = _words(t(profession.label), t(profession.plural), *specialty_labels, *communes,
                      *_french(language, profession.label, *p.specialty_labels),
                      *table.get(p.profession, []), *spoken,
                      *(w for code in p.specialties for w in table.get(code, [])))
    return SearchFields(filters, meta, keywords,
                        "2" + NEW_PATIENTS_RANK.get(p.published_new_patients, "2"))


def structure_fields(s: Structure, language: Language = DEFAULT) -> SearchFields:
    t = language.gettext
    kind = nomenclature().structure_types[s.type]
    filters = [("categorie", t(kind.short)), ("commune", s.commune.name)]
    if s.same_day_care:
        filters.append(("soins_non_programmes", t(YES)))
    if s.wheelchair_access:
        filters.append(("accessibilite_pmr", t(YES)))
    if s.type in HOME_CARE_TYPES:
        filters.append(("visites_domicile", t(YES)))
    filters += need_filters(Server(services=s.services))
    meta = {"profession": t(kind.label), "commune": s.commune.name}
    if s.phone:
        meta["telephone"] = _phone(s.phone, language)
    if s.hours:
        meta["horaires"] = _week(s.hours)
    table = synonyms(language)
    extra = [*table.get("pharmacien", [])] if s.type == "pharmacie" else []
    keywords = _words(t(kind.label), t(kind.short), s.commune.name, *s.services, *extra,
                      *_french(language, kind.label, kind.short))
    return SearchFields(filters, meta, keywords, "3" if s.outside else "1")


def guide_fields(page: str, title: str, what: str) -> SearchFields:
    """A guidance page (« soins-non-programmes », a prevention campaign): found by the words of
    the needs it serves, shown before the entries. `what` is the result card's second line."""
    server = Server(page=page, title=title)
    needs = [need for need in search_vocabulary().needs
             if serves(need.first, server) or serves(need.also, server)]
    filters = need_filters(server, guide=True)
    keywords = _words(*(word for need in needs for word in need.words))
    return SearchFields(filters, {"profession": what}, keywords, "0")


def _week(hours: Hours) -> str:
    """Opening hours for a result card, one word: « lundi0830120014001900mardi… » (each day,
    then its ranges as HHMMHHMM). Pagefind 1.5 indexes the words of the meta too, and a word
    of the index costs its memory for every page: « lundi=08:30-12:00;… » was some twenty words
    a page, a fifth of Pagefind's peak at 10,000 entries (benchmarks/README.md)."""
    return "".join(day + "".join(span.replace(":", "").replace("-", "") for span in spans)
                   for day, spans in hours.days.items())


def _phone(number: str, language: Language) -> str:
    """The number as displayed, one word for Pagefind (see `_week`): « 04x92x84x55x39 »,
    « 0033x4x92x84x55x39 », each space an « x » and the « + » its « 00 » (a « + » costs
    Pagefind as much as the spaces), which the result card turns back."""
    shown = phones.display(number) if language is DEFAULT else phones.display_international(number)
    if not _SPACED_DIGITS.fullmatch(shown):
        return shown
    return shown.replace("+", "00").replace(" ", "x")


_SPACED_DIGITS = re.compile(r"\+?[\d ]+")


def _french(language: Language, *labels: str) -> tuple[str, ...]:
    """On a page in another language, the French labels too: visitors read them on signs."""
    return () if language is DEFAULT else labels


PagefindFilter = dict[str, Any]  # a filter in Pagefind's syntax: {"categorie": {"any": [...]}}


@dataclass
class _Term:
    match: dict[str, set[str]]  # filter name -> values, alternatives of one another
    first: list[PagefindFilter]
    any: list[PagefindFilter] | None = None  # alternatives over several filters (a need)
    guides: PagefindFilter | None = None

    def as_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"match": {key: sorted(v) for key, v in self.match.items()}}
        for key, value in (("any", self.any), ("first", self.first), ("guides", self.guides)):
            if value:
                found[key] = value
        return found


def query_terms(directory: Directory, language: Language = DEFAULT) -> dict[str, dict[str, Any]]:
    """Words of a query that stand for filters, which are exact and much faster than a full-text
    match on thousands of pages: « kiné » -> categorie Masseur-kinésithérapeute, a commune's or a
    named place's name -> its communes, « anglais » -> langue, « à domicile » -> visites_domicile,
    a need word (« urgences », « radio ») -> the hidden filter « besoin » of every entry and page
    that serves the need.

    Each term: `match`, the filters it stands for (values of one key are alternatives); `any`,
    alternatives over several filters (a need: these structure types, or those professions, or
    same-day care); `first`, filters of the results to show first (GPs for « médecin », the
    places that serve a need first); `guides`, its guidance pages, shown above all. `any`,
    `first` and `guides` are in Pagefind's filter syntax. Keys are phrase_key() forms.
    """
    t = language.gettext
    names = nomenclature()
    words = search_vocabulary()
    terms: dict[str, _Term] = {}

    def add(phrase: str, key: str, value: str, first: list[PagefindFilter] | None = None) -> None:
        folded = phrase_key(phrase)
        if not folded:
            return
        term = terms.setdefault(folded, _Term({}, []))
        term.match.setdefault(key, set()).add(value)
        term.first += [f for f in first or [] if f not in term.first]

    table = synonyms(language)
    own: dict[str, set[str]] = {}  # phrase -> the professions whose own word it is
    general_practice = [
        {"categorie": {"any": [t(names.professions["medecin"].specialties[PRIMARY_CARE])]}}]
    for code, profession in names.professions.items():
        values = ([t(v) for v in profession.specialties.values()] if code == "medecin"
                  else [t(profession.label)])
        first = general_practice if code == "medecin" else None
        labels = (profession.label, profession.plural, profession.feminine or "")
        for word in (*labels, *(t(n) for n in labels if n), *table.get(code, [])):
            for value in values:
                add(word, "categorie", value, first)
            if code != "medecin":
                own.setdefault(phrase_key(word), set()).add(t(profession.label))
        if code == "pharmacien":
            for word in table.get(code, []):
                add(word, "categorie", t(names.structure_types["pharmacie"].short))
        for specialty, label in profession.specialties.items():
            category = t(label) if code == "medecin" else t(profession.label)
            for word in (label, t(label), *table.get(specialty, [])):
                add(word, "categorie", category)
    for kind in names.structure_types.values():
        for word in (kind.short, kind.plural, t(kind.short), t(kind.plural)):
            add(word, "categorie", t(kind.short))
    for commune in directory.territory.communes.values():
        add(commune.name, "commune", commune.name)
    # A word of several professions' specialties (« ortho »): the professions whose own word it
    # is come first (orthophonistes, orthoptistes before orthodontists and orthopaedic surgeons).
    structures = {t(kind.short) for kind in names.structure_types.values()}
    for phrase, term in terms.items():
        categories = term.match.get("categorie", set())
        direct = own.get(phrase, set())
        if direct and direct < categories and not categories & structures and not term.first:
            term.first = [{"categorie": {"any": sorted(direct)}}]
    for place, communes in directory.territory.localities.items():
        for commune in communes:
            add(place, "commune", commune.name)
    values = {"nouveaux_patients": t(names.new_patients["oui"])}
    for key, attribute_words in words.attributes.items():
        for word in attribute_words:
            add(word, key, values.get(key, t(YES)))
    for code, label in names.languages.items():
        if code != "fr":
            for word in (label, t(label), *words.languages.get(code, ())):
                add(word, "langue", t(label))
    if language is DEFAULT:  # a visitor may type English on the French page: « doctor »
        for code, words_of_code in synonyms(ENGLISH).items():
            known = next((terms[phrase_key(w)] for w in table.get(code, [])
                          if phrase_key(w) in terms), None)
            for word in words_of_code if known else []:
                terms.setdefault(phrase_key(word), known)  # type: ignore[arg-type]
    for name, unlisted_words in words.unlisted.items():  # a category no entry has: guidance
        for word in unlisted_words:
            add(word, "categorie", t(name))

    def serving(rule: dict[str, Any]) -> list[PagefindFilter]:
        """A need's rule as alternatives over the facets' filters."""
        categories = {t(names.structure_types[kind].short) for kind in rule.get("structures", [])}
        categories |= {t(names.professions[code].label) for code in rule.get("professions", [])}
        for specialty in rule.get("specialites", []):
            owner = names.profession_of_specialty(specialty) or ""
            categories.add(t(names.professions[owner].specialties[specialty]) if owner == "medecin"
                           else t(names.professions[owner].label))
        found: list[PagefindFilter] = []
        if categories:
            found.append({"categorie": {"any": sorted(categories)}})
        if rule.get("soins_non_programmes"):
            found.append({"soins_non_programmes": {"any": [t(YES)]}})
        return found

    for need in words.needs:  # a need word widens: it replaces a profession's meaning
        first = [*serving(need.first), {NEED: {"any": [need.code + FIRST]}}]
        every = [*first, *serving(need.also), {NEED: {"any": [need.code]}}]
        for word in need.words:
            folded = phrase_key(word)
            if folded:
                terms[folded] = _Term({}, [{"any": first}], [{"any": every}],
                                      {NEED: {"any": [need.code + GUIDE]}})
    return {phrase: term.as_json() for phrase, term in sorted(terms.items())}
