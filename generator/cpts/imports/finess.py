"""Reader of the FINESS establishments extract (`etalab-cs1100507-stock-*.csv`).

One `;`-separated file: a comment line, `structureet` lines (32 fields), then `geolocalisation`
lines (6 fields) whose projected coordinates are converted to WGS84 from the system named in
`sourcecoordet`, with a range check that catches X and Y given the wrong way round.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import BinaryIO

from .lines import Encoding, decode, decoded_lines, sniff
from .summary import ReadSummary
from .territory import TerritoryFilter

SEPARATOR = ";"
STRUCTURE_FIELDS = (
    "kind", "nofinesset", "nofinessej", "rs", "rslongue", "complrs", "compldistrib", "numvoie",
    "typvoie", "voie", "compvoie", "lieuditbp", "commune", "departement", "libdepartement",
    "ligneacheminement", "telephone", "telecopie", "categetab", "libcategetab", "categagretab",
    "libcategagretab", "siret", "codeape", "codemft", "libmft", "codesph", "libsph", "dateouv",
    "dateautor", "datemaj", "numuai",
)
GEOLOCATION_FIELDS = ("kind", "nofinesset", "coordxet", "coordyet", "sourcecoordet", "datemaj")
# `departement` of the overseas departments -> first three digits of their INSEE codes
OVERSEAS = {"9A": "971", "9B": "972", "9C": "973", "9D": "974", "9E": "975", "9F": "976"}

# System named last in `sourcecoordet` -> EPSG code, and the WGS84 box its points fall in
# (lon min, lat min, lon max, lat max).
SYSTEMS: dict[str, tuple[int, tuple[float, float, float, float]]] = {
    "LAMBERT_93": (2154, (-6.0, 41.0, 10.0, 51.5)),
    "UTM_N20": (4559, (-63.5, 14.0, -60.5, 18.5)),   # Guadeloupe, Martinique
    "UTM_N21": (4467, (-57.0, 46.5, -55.9, 47.3)),   # Saint-Pierre-et-Miquelon
    "UTM_N22": (2972, (-55.0, 2.0, -51.0, 6.0)),     # Guyane
    "UTM_S38": (4471, (44.8, -13.2, 45.4, -12.5)),   # Mayotte
    "UTM_S40": (2975, (55.1, -21.5, 55.9, -20.8)),   # La Réunion
}


@dataclass
class Establishment:
    line: int
    insee: str
    fields: dict[str, str]
    position: dict[str, float] | None = None

    def __getitem__(self, key: str) -> str:
        return self.fields.get(key, "")


@dataclass
class Positions:
    """What the geolocation lines gave: counts of swapped, unknown-system and unusable points."""

    swapped: list[str] = field(default_factory=list)
    unknown_systems: Counter[str] = field(default_factory=Counter)
    out_of_range: list[str] = field(default_factory=list)


def insee_code(departement: str, commune: str) -> str:
    """`01` + `451` -> `01451`; `9A` + `105` -> `97105`."""
    if departement in OVERSEAS:
        return OVERSEAS[departement] + commune[-2:]
    return departement.zfill(2) + commune.zfill(3)


@cache
def _transformer(epsg: int):  # type: ignore[no-untyped-def]
    from pyproj import Transformer

    return Transformer.from_crs(f"EPSG:{epsg}", "EPSG:4326", always_xy=True)


def to_wgs84(x: float, y: float, system: str) -> tuple[tuple[float, float] | None, bool]:
    """((lat, lon) or None when no reading falls in the system's area, swapped?)."""
    epsg, (lon_min, lat_min, lon_max, lat_max) = SYSTEMS[system]
    for a, b, swapped in ((x, y, False), (y, x, True)):
        lon, lat = _transformer(epsg).transform(a, b)
        if lon_min <= lon <= lon_max and lat_min <= lat <= lat_max:
            return (round(lat, 5), round(lon, 5)), swapped
    return None, False


def read_establishments(stream: BinaryIO, territory: TerritoryFilter, summary: ReadSummary,
                        positions: Positions) -> list[Establishment]:
    """The territory's establishments, with their WGS84 position when the file gives one."""
    encoding = summary.encoding = sniff(stream)
    summary.variant = "structureet + geolocalisation"
    found: dict[str, Establishment] = {}
    for number, text in _lines(stream, encoding, summary):
        values = text.split(SEPARATOR)  # the last field (numuai) is often empty: keep it
        kind = values[0]
        if kind == "structureet":
            _structure_line(number, values, territory, summary, found)
        elif kind == "geolocalisation":
            _geolocation_line(number, values, summary, found, positions)
        elif number > 1:
            summary.skip(number, f"type de ligne « {kind[:30]} » inconnu (structureet ou "
                                 "geolocalisation attendu)")
    summary.kept = len(found)
    return list(found.values())


def _lines(stream: BinaryIO, encoding: Encoding, summary: ReadSummary) -> Iterator[tuple[int, str]]:
    for number, raw in decoded_lines(stream, encoding):
        summary.lines += 1
        if raw:
            yield number, decode(raw, number, encoding)


def _structure_line(number: int, values: list[str], territory: TerritoryFilter,
                    summary: ReadSummary, found: dict[str, Establishment]) -> None:
    if len(values) < len(STRUCTURE_FIELDS):
        summary.skip(number, f"ligne structureet de {len(values)} champs au lieu de "
                             f"{len(STRUCTURE_FIELDS)}")
        return
    fields = {key: value.strip() for key, value in zip(STRUCTURE_FIELDS, values, strict=False)}
    postcode, _, town = fields["ligneacheminement"].partition(" ")
    insee = territory.commune_of(insee_code(fields["departement"], fields["commune"])
                                 if fields["commune"] else "", postcode, town)
    if insee is None:
        return
    if not fields["nofinesset"]:
        summary.skip(number, "numéro FINESS (nofinesset) vide")
        return
    found[fields["nofinesset"]] = Establishment(number, insee, fields)


def _geolocation_line(number: int, values: list[str], summary: ReadSummary,
                      found: dict[str, Establishment], positions: Positions) -> None:
    if len(values) < len(GEOLOCATION_FIELDS):
        summary.skip(number, f"ligne geolocalisation de {len(values)} champs au lieu de "
                             f"{len(GEOLOCATION_FIELDS)}")
        return
    establishment = found.get(values[1].strip())
    if establishment is None:
        return
    system = values[4].rsplit(",", 1)[-1].strip().upper()
    if system not in SYSTEMS:
        positions.unknown_systems[system or "(vide)"] += 1
        return
    try:
        x, y = float(values[2].replace(",", ".")), float(values[3].replace(",", "."))
    except ValueError:
        summary.skip(number, f"coordonnées « {values[2]} ; {values[3]} » qui ne sont pas des nombres")
        return
    point, swapped = to_wgs84(x, y, system)
    if point is None:
        positions.out_of_range.append(establishment["nofinesset"])
        return
    if swapped:
        positions.swapped.append(establishment["nofinesset"])
    establishment.position = {"lat": point[0], "lon": point[1]}
