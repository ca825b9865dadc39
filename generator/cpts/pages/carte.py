"""The « Carte » page: every professional and structure as places on a map, and the same places
as an accessible list.

A place is one point: the professionals and structures found at the same coordinates (an MSP
and everyone practising there) are one place listing them all. The page itself is small and the
same for any size of directory; carte.js draws the places from two kinds of compact data:

- the markers (assets/carte/lieux.json, and lieux.en.json with English labels), loaded with the
  page: what a marker, a cluster, the legend's filters and the list's headings need — point,
  categories, commune and the place's name (about 30 bytes a place);
- the details (assets/carte/lieux/0.json, 1.json…, the same for both languages): address,
  phone and the entries with their pages, by runs of at most CHUNK places of one commune,
  fetched when a popup or a commune of the list is opened.

Without JavaScript the page points to the « Annuaire » listings.

The data (all text is plain text, which carte.js only ever writes with textContent):

    lieux.json:
    {"v": 2,
     "o": [lat0, lon0],                         # origin of the coordinates
     "c": [[code, label, colour, glyph], …],    # categories (legend, layers, icons)
     "l": [[label, category, kind], …],         # « Infirmière », index in c, 0 = professional
                                                #   page, 1 = structure page
     "m": [[commune, postcode, outside], …],   # outside: 1 for a commune outside the
                                                #   territory (the first view leaves it out)
     "d": [places, …],                          # how many places each details file holds
     "h": "…",                                  # version of the details (fetched with ?v=)
     "p": [[dlat, …], [dlon, …], [commune, …], [marker, …], [title, …]]}
                                                # one column per field (smaller, and better
                                                #   gzipped, than a row per place); dlat, dlon
                                                #   in 1e-5 degrees from the place before (the
                                                #   first: from the origin); marker = category
                                                #   of the pin + 8 × the bit mask of every
                                                #   category of the place
    lieux/<i>.json: the details of the next places, in the order of "p":
    [[address, phone, [[label, name, slug, phone?], …]], …]
                                                # address "" when it is the title

Phones are « 0465710000 » for French numbers (carte.js writes « 04 65 71 00 00 » and
tel:+33465710000), E.164 otherwise. An entry's phone is only written when it is not the place's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

import phonenumbers

from .. import phones
from ..formatting import commune_label
from ..i18n import DEFAULT, ENGLISH, LANGUAGES, Language
from ..model import Commune, Directory, Outside, Point, Professional, Structure
from ..text import slugify
from . import urls
from .leaflet import MAP_DIR
from .output import OutputFile, SiteContext
from .paging import PAGE_SIZE
from .render import render_page

PAGE = urls.MAP
DATA = f"{MAP_DIR}/lieux.json"
# The same places with English labels, for the English map (carte.js picks by <html lang>).
DATA_IN = {DEFAULT.code: DATA, ENGLISH.code: f"{MAP_DIR}/lieux.en.json"}
DETAILS = f"{MAP_DIR}/lieux"  # 0.json, 1.json…: the details of the places, in both languages
# Places per details file: a popup fetches one (about 12 KB, 4 KB gzipped); a commune of the
# list shows as many at a time, as the site's other lists do.
CHUNK = PAGE_SIZE
ANNUAIRE = "annuaire/index.md"


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    colour: str  # white text on it has at least 4.5:1 contrast
    glyph: str  # shown in the marker, so that colour is never the only cue


CATEGORIES = (
    Category("generalistes", "Médecins généralistes", "#005a70", "G"),
    Category("specialistes", "Médecins spécialistes", "#6a1b9a", "S"),
    Category("dentistes-sages-femmes", "Dentistes et sages-femmes", "#ad1457", "D"),
    Category("paramedicaux", "Paramédicaux et psychologues", "#8a3b00", "P"),
    Category("pharmacies", "Pharmacies", "#2e7d32", "+"),
    Category("maisons-de-sante", "Maisons de santé, centres et cabinets", "#0d47a1", "M"),
    Category("etablissements", "Hôpital, établissements et services", "#b71c1c", "H"),
)
_INDEX = {c.code: i for i, c in enumerate(CATEGORIES)}
_STRUCTURE_CATEGORY = {
    "pharmacie": "pharmacies", "msp": "maisons-de-sante", "centre-sante": "maisons-de-sante",
    "cabinet": "maisons-de-sante",
}
_PROFESSION_CATEGORY = {
    "chirurgien-dentiste": "dentistes-sages-femmes", "sage-femme": "dentistes-sages-femmes",
    "pharmacien": "pharmacies",
}


def professional_category(p: Professional) -> Category:
    if p.profession == "medecin":
        general = not p.specialties or "medecine-generale" in p.specialties
        return CATEGORIES[_INDEX["generalistes" if general else "specialistes"]]
    return CATEGORIES[_INDEX[_PROFESSION_CATEGORY.get(p.profession, "paramedicaux")]]


def structure_category(s: Structure) -> Category:
    return CATEGORIES[_INDEX[_STRUCTURE_CATEGORY.get(s.type, "etablissements")]]


def entry_label(labels: tuple[str, ...], language: Language = DEFAULT) -> str:
    """(profession, specialties…) -> « Médecin — Pédiatrie », in the language of the map."""
    first, *rest = (language.gettext(text) for text in labels)
    return first + (" — " + ", ".join(rest) if rest else "")


@dataclass
class MapEntry:
    """One professional or structure at a place."""

    kind: str  # « professionnel » or « structure »
    name: str
    labels: tuple[str, ...]  # profession (or structure type), then specialties, in French
    slug: str
    phone: str | None
    category: Category

    def label(self, language: Language = DEFAULT) -> str:
        return entry_label(self.labels, language)

    @property
    def page(self) -> str:
        if self.kind == "structure":
            return urls.structure_page(self.slug)
        return urls.professional_page(self.slug)


@dataclass
class MapPlace:
    point: Point
    commune: Commune
    address: str
    name: str | None = None  # a place's own name (« Cabinet infirmier des Tilleuls »)
    entries: list[MapEntry] = field(default_factory=list)
    outside: Outside | None = None  # the place of a structure outside the territory

    def commune_label(self, language: Language = DEFAULT) -> str:
        """« Nice (hors territoire, à 38 km) » for a place outside the territory."""
        return commune_label(self.commune, self.outside, language)

    @property
    def structures(self) -> list[MapEntry]:
        return [e for e in self.entries if e.kind == "structure"]

    @property
    def title(self) -> str:
        """What the popup and the list call the place (carte.js computes the same)."""
        if self.entries and self.entries[0].kind == "structure":
            return self.entries[0].name
        if self.name:
            return self.name
        return self.entries[0].name if len(self.entries) == 1 else self.address

    @property
    def phone(self) -> str | None:
        """The place's number: its structure's, or the one all its professionals share."""
        if self.entries[0].kind == "structure":
            return self.entries[0].phone
        numbers = {compact_phone(e.phone) for e in self.entries}
        return self.entries[0].phone if len(numbers) == 1 else None

    @property
    def categories(self) -> list[Category]:
        return sorted({e.category for e in self.entries}, key=lambda c: _INDEX[c.code])

    @property
    def category(self) -> Category:
        """The marker's colour and glyph: its first structure's, else its first entry's."""
        return self.entries[0].category


def _key(point: Point) -> tuple[float, float]:
    return round(point.lat, 5), round(point.lon, 5)


def map_places(directory: Directory) -> list[MapPlace]:
    """Every professional and structure, grouped by point (1 m): the places of the map."""
    places: dict[tuple[float, float], MapPlace] = {}

    def place_at(point: Point, commune: Commune, address: str) -> MapPlace:
        key = _key(point)
        if key not in places:
            places[key] = MapPlace(Point(*key), commune, address)
        return places[key]

    for s in directory.structures.values():
        place = place_at(s.point, s.commune, s.address)
        place.address = s.address  # a structure's address wins over a professional's
        place.outside = place.outside or s.outside
        place.entries.append(MapEntry("structure", s.name, (s.type_label,), s.slug, s.phone,
                                      structure_category(s)))
    for p in directory.professionals:
        label = (p.profession_label, *p.specialty_labels)
        seen: set[tuple[float, float]] = set()
        for where in p.places:
            key = _key(where.point)
            if key in seen:
                continue
            seen.add(key)
            place = place_at(where.point, where.commune, where.address)
            if where.name and not place.name:
                place.name = where.name
            place.entries.append(MapEntry("professionnel", p.full_name, label, p.slug,
                                          where.phone, professional_category(p)))
    for place in places.values():
        place.entries.sort(key=lambda e: (e.kind != "structure", _INDEX[e.category.code]))
    return sorted(places.values(), key=lambda pl: (slugify(pl.commune.name), slugify(pl.title),
                                                   pl.point.lat, pl.point.lon))


def compact_phone(number: str | None) -> str:
    """« 04 65 71 00 05 » -> « 0465710005 »; other countries in E.164; "" for none."""
    if not number:
        return ""
    parsed = phones.parse_french(number)
    if parsed is None:
        return "".join(c for c in number if c.isdigit() or c == "+")
    if phones.is_french_plan(parsed):
        return "0" + str(parsed.national_number)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _label_key(entry: MapEntry) -> tuple[tuple[str, ...], int, int]:
    """What an entry's line of the table "l" is made of, in any language."""
    return entry.labels, _INDEX[entry.category.code], int(entry.kind == "structure")


@dataclass
class MapData:
    """The places as carte.js reads them (see the module's docstring)."""

    places: list[MapPlace]
    labels: dict[tuple[tuple[str, ...], int, int], int]  # line of "l" -> its index
    details: list[str]  # the details files (JSON)
    sizes: list[int]  # how many places each holds
    version: str  # of the details: a browser holding older ones fetches them again

    @classmethod
    def of(cls, places: list[MapPlace]) -> MapData:
        labels: dict[tuple[tuple[str, ...], int, int], int] = {}
        details: list[list[list]] = []
        commune = None  # a details file holds places of one commune
        for place in places:
            if place.commune.insee != commune or len(details[-1]) == CHUNK:
                commune = place.commune.insee
                details.append([])
            phone = compact_phone(place.phone)
            entries = []
            for e in place.entries:
                row: list = [labels.setdefault(_label_key(e), len(labels)), e.name, e.slug]
                own = compact_phone(e.phone)
                if own and own != phone:
                    row.append(own)
                entries.append(row)
            details[-1].append(["" if place.address == place.title else place.address,
                                phone, entries])
        texts = [_json(rows) for rows in details]
        version = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:10]
        return cls(places, labels, texts, [len(rows) for rows in details], version)

    def markers(self, language: Language = DEFAULT) -> dict:
        places = self.places
        lat0 = round(min((p.point.lat for p in places), default=0.0), 2)
        lon0 = round(min((p.point.lon for p in places), default=0.0), 2)
        communes: dict[str, int] = {}
        commune_rows: list[list[str]] = []
        columns: list[list] = [[], [], [], [], []]
        lat, lon = 0, 0  # the place before, in 1e-5 degrees from the origin
        for place in places:
            if place.commune.insee not in communes:
                communes[place.commune.insee] = len(commune_rows)
                commune_rows.append([place.commune_label(language), place.commune.postcodes[0],
                                     int(place.outside is not None)])
            mask = sum(1 << _INDEX[c.code] for c in place.categories)
            y, x = round((place.point.lat - lat0) * 1e5), round((place.point.lon - lon0) * 1e5)
            for column, value in zip(columns, (
                    y - lat, x - lon, communes[place.commune.insee],
                    _INDEX[place.category.code] + 8 * mask, place.title), strict=True):
                column.append(value)
            lat, lon = y, x
        return {
            "v": 2,
            "o": [lat0, lon0],
            "c": [[c.code, language.gettext(c.label), c.colour, c.glyph] for c in CATEGORIES],
            "l": [[entry_label(labels, language), category, kind]
                  for labels, category, kind in self.labels],
            "m": commune_rows,
            "d": self.sizes,
            "h": self.version,
            "p": columns,
        }


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def map_page(directory: Directory, context: SiteContext) -> Iterator[OutputFile]:
    """Producer: the « Carte » page and its data, in each language."""
    places = map_places(directory)
    data = MapData.of(places)
    for i, text in enumerate(data.details):
        yield OutputFile(f"{DETAILS}/{i}.json", text)
    counts = {c.code: 0 for c in CATEGORIES}
    for place in places:
        for category in place.categories:
            counts[category.code] += 1
    for language in LANGUAGES:
        t = language.gettext
        src = language.page(PAGE)
        yield OutputFile(DATA_IN[language.code], _json(data.markers(language)))
        yield OutputFile(src, render_page(
            "carte.html.j2",
            {"title": t("Carte"), "hide": ["navigation", "toc"],
             "description": t("La carte des professionnels et structures de santé de la "
                              "%(cpts)s, avec la liste des mêmes lieux.")
             % {"cpts": directory.territory.name}},
            language, places=places, counts=counts,
            categories=[c for c in CATEGORIES if counts[c.code]],
            professionals=len(directory.professionals),
            structures=sum(1 for s in directory.structures.values() if not s.outside),
            outside=sum(1 for s in directory.structures.values() if s.outside),
            territory=directory.territory, annuaire=urls.link(src, ANNUAIRE),
            data=urls.asset(src, DATA_IN[language.code]),
        ))
