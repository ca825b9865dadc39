"""« Soins non programmés et urgences »: what to do by situation, and who sees patients today.

The national numbers are fixed text (templates/soins_non_programmes.html.j2); the territory's
options (on-call medical centre, hospital emergency department) and the list of entries that
offer same-day care come from the directory. One page per language: French at the root,
English under en/ (text from data/translations/en/care.yml, members' text as written).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..i18n import DEFAULT, LANGUAGES, Language
from ..model import Commune, Directory, Outside, Place, Professional, Structure
from ..text import fold
from . import urls
from .output import OutputFile, SiteContext
from .paging import Page, grouped_label, paginate
from .render import render_page
from .search import guide_fields

ON_CALL_TYPES = ("maison-medicale-garde",)
HOSPITAL_TYPES = ("centre-hospitalier",)
SAME_DAY_CARE_PAGE = "soins-non-programmes"  # its name in data/recherche.yml (`pages`)


@dataclass(frozen=True)
class SameDayEntry:
    """One line of the list: an entry that sees patients the same day, in one commune."""

    kind: str  # « structure » or « professionnel »
    slug: str
    name: str
    what: str
    commune: Commune
    phone: str | None
    booking_url: str | None
    page: str
    where: str | None = None  # the structure (or named place) where a professional practises
    sort_name: str = ""
    outside: Outside | None = None  # a structure outside the territory (or a place in it)

    @property
    def key(self) -> str:
        return f"{self.kind}/{self.slug}"


def same_day_entries(directory: Directory, language: Language = DEFAULT) -> list[SameDayEntry]:
    """Structures and professionals with `soins_non_programmes: true`, one line per commune
    where they practise; structures first (by name), then professionals (by last name).
    What each one is (profession, structure type) is in `language`."""
    t = language.gettext
    lines: list[SameDayEntry] = []
    for s in directory.structures.values():
        if s.same_day_care:
            lines.append(SameDayEntry("structure", s.slug, s.name, t(s.type_label), s.commune,
                                      s.phone, None, urls.structure_page(s.slug),
                                      sort_name=s.name.lower(), outside=s.outside))
    for p in directory.professionals:
        if not p.same_day_care:
            continue
        for place in _one_place_per_commune(p):
            lines.append(SameDayEntry("professionnel", p.slug, p.full_name, _what(p, language),
                                      place.commune, place.phone, place.booking_url,
                                      urls.professional_page(p.slug), place.label,
                                      f"{p.last_name} {p.first_name}".lower(),
                                      place.structure.outside if place.structure else None))
    order = {"structure": 0, "professionnel": 1}
    lines.sort(key=lambda e: (order[e.kind], fold(e.sort_name), e.slug))
    return lines


def _one_place_per_commune(p: Professional) -> list[Place]:
    seen: dict[str, Place] = {}
    for place in p.places:
        seen.setdefault(place.commune.insee, place)
    return list(seen.values())


def _what(p: Professional, language: Language) -> str:
    t = language.gettext
    specialties = ", ".join(t(label) for label in p.specialty_labels)
    return t(p.profession_label) + (f" — {specialties}" if specialties else "")


def by_commune(entries: list[SameDayEntry]) -> list[tuple[Commune, list[SameDayEntry]]]:
    """The list grouped by commune: the territory's communes in alphabetical order, then those
    outside it, nearest first."""
    groups: dict[str, list[SameDayEntry]] = {}
    communes: dict[str, Commune] = {}
    for entry in entries:
        groups.setdefault(entry.commune.insee, []).append(entry)
        communes[entry.commune.insee] = entry.commune

    def order(c: Commune) -> tuple[int, str]:
        outside = groups[c.insee][0].outside
        return (outside.distance_km if outside else -1, french_sort_key(c.name))

    return [(c, groups[c.insee]) for c in sorted(communes.values(), key=order)]


def french_sort_key(name: str) -> str:
    """A commune's sort key: « L'Isle-Adam » under I, « Le Havre » under H."""
    folded = fold(name)
    for article in ("l'", "le ", "la ", "les "):
        if folded.startswith(article):
            return folded[len(article):]
    return folded


def _structures_of(directory: Directory, types: tuple[str, ...]) -> list[Structure]:
    """Those of the territory first, then those outside it, nearest first."""
    found = [s for s in directory.structures.values() if s.type in types and s.same_day_care]
    return sorted(found, key=lambda s: s.outside.distance_km if s.outside else -1)


SameDayPage = Page[Commune, SameDayEntry]


def same_day_pages(entries: list[SameDayEntry]) -> list[SameDayPage]:
    """The list on pages of bounded size; page 1 also holds what to do by situation. Sources
    are the French ones (`language.page` gives another language's)."""
    return paginate(urls.SAME_DAY_CARE, by_commune(entries),
                    lambda parts: grouped_label(parts, lambda c: c.name, lambda e: e.name))


def same_day_care_page(directory: Directory, context: SiteContext) -> Iterator[OutputFile]:
    territory = directory.territory
    on_call = _structures_of(directory, ON_CALL_TYPES)
    hospitals = _structures_of(directory, HOSPITAL_TYPES)
    for language in LANGUAGES:
        t = language.gettext
        entries = same_day_entries(directory, language)
        pages = same_day_pages(entries)
        # Where each commune's list begins, for the « Aller à la commune » links of every page.
        starts = {part.group.insee: page.src for page in reversed(pages) for part in page.parts}
        title = t("Soins non programmés et urgences")
        for page in pages:
            src = language.page(page.src)
            paged = "" if page.single else " " + t("(page %(n)s sur %(count)s)") % {
                "n": page.number, "count": page.count}
            yield OutputFile(src, render_page(
                "soins_non_programmes.html.j2",
                {"title": title + paged,
                 "description": t("Que faire en cas d'urgence ou pour consulter le jour même dans "
                                  "le territoire de la %(cpts)s : numéros d'urgence, médecins et "
                                  "structures qui reçoivent le jour même, garde de nuit et de "
                                  "week-end, pharmacie de garde.") % {"cpts": territory.name}
                                + paged},
                language, src=src, urls=urls, link=urls.linker(src, language),
                territory=territory, page=page, pages=pages, starts=starts,
                groups=by_commune(entries), count=len({e.key for e in entries}),
                on_call=on_call, hospitals=hospitals,
                # The guidance page is found by need words (« urgences », « garde »): page 1 only.
                search=guide_fields(SAME_DAY_CARE_PAGE, title, t("Que faire, qui appeler"))
                if page.number == 1 else None,
            ))
