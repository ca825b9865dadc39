"""Cross-file rules: what a schema cannot say. One small function per rule.

Each rule reads the schema-valid documents of a RawDirectory and yields Problems whose
message says what to write instead. Every rule has a negative example under
tests/examples/negative/.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

from .. import phones
from ..nomenclature import nomenclature
from ..territory import reference
from ..territory.geo import Area, distance_m, nearest_km
from ..territory.placeholders import TERRITORY_PLACEHOLDERS, WHAT_TO_WRITE
from ..text import fold, slugify
from . import identifiers
from .load import RawDirectory
from .messages import visible
from .problems import Problem, Severity
from .yamlfile import YamlDocument

STALE_AFTER_DAYS = 365


def is_stale(checked: dt.date, today: dt.date) -> bool:
    """Verified more than 12 months before `today`."""
    return (today - checked).days > STALE_AFTER_DAYS
Rule = Callable[[RawDirectory, dt.date], Iterator[Problem]]


def _all_parsed(raw: RawDirectory) -> Iterator[tuple[str, YamlDocument]]:
    """Every document that could be read, schema-valid or not: rules check what they can,
    so that a member sees every problem at once. Rules must therefore check types."""
    if raw.territory:
        yield "territoire", raw.territory
    for kind in raw.entries:
        for doc in raw.entries[kind]:
            yield kind, doc


def _text(value: Any, pattern: re.Pattern[str]) -> str | None:
    """`value` if it is a string of the expected shape (else the schema reports it)."""
    return value if isinstance(value, str) and pattern.fullmatch(value) else None


_DIGITS_11 = re.compile(r"\d{11}")
_FINESS = re.compile(r"(\d{2}|2[AB])\d{7}")
_PHONE = re.compile(r"[0-9 +.()-]{4,25}")
_INSEE = re.compile(r"\d{5}|2[AB]\d{3}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HOURS = re.compile(r"\d{2}:\d{2}-\d{2}:\d{2}(, ?\d{2}:\d{2}-\d{2}:\d{2})*")


def _date(value: Any) -> dt.date | None:
    if _text(value, _DATE) is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _walk(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every (path, value) pair of a document, depth first."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _walk(value, (*path, index))


def _field(path: tuple[str | int, ...]) -> str:
    name = ""
    for step in path:
        name = f"{name}[{step + 1}]" if isinstance(step, int) else f"{name}.{step}" if name else step
    return name


def _entry_file(raw: RawDirectory, folder: str, slug: str) -> str:
    """The file an entry named `slug` would have (a cross-file problem involves it)."""
    # Built as text: a slug is any member-written string, never a path to look up.
    return f"{raw.display(raw.root / folder)}/{slug}.yml"


def _territory_file(raw: RawDirectory) -> tuple[str, ...]:
    return (raw.territory.path,) if raw.territory else ()


def _territory_communes(raw: RawDirectory) -> dict[str, str]:
    """INSEE code -> name, when the territory file could be read."""
    if raw.territory is None or raw.territory.path in raw.invalid:
        return {}
    return {c["insee"]: c["nom"] for c in raw.territory.data["communes"]}


def file_names(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """A file name is the entry's address on the site: lower case, and for people, their name."""
    for kind in raw.entries:
        for doc in raw.entries[kind]:
            slug = doc.slug
            if slugify(slug) != slug:
                yield Problem(doc.path, 1, "", f"nom de fichier invalide — renommez le fichier en "
                              f"{slugify(slug) or 'nom-prenom'}.yml (minuscules sans accents, "
                              "mots séparés par des tirets)")
                continue
            nom, prenom = doc.data.get("nom"), doc.data.get("prenom")
            if (kind == "professionnel" and isinstance(nom, str) and isinstance(prenom, str)
                    and nom.strip() and prenom.strip()):
                expected = slugify(f"{nom}-{prenom}")
                if expected and slug != expected and not slug.startswith(expected + "-"):
                    yield Problem(doc.path, doc.line_of(("nom",)), "nom",
                                  f"le nom du fichier doit reprendre le nom et le prénom — "
                                  f"renommez le fichier en {expected}.yml")


def unique_identifiers(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """RPPS, ADELI and FINESS numbers identify one entry each; INSEE codes one commune each."""
    seen: dict[tuple[str, str], YamlDocument] = {}
    for kind, doc in _all_parsed(raw):
        if kind == "territoire":
            communes = doc.data.get("communes")
            for index, commune in enumerate(communes if isinstance(communes, list) else []):
                code = commune.get("insee") if isinstance(commune, dict) else None
                if not isinstance(code, str):
                    continue
                if ("insee", code) in seen:
                    yield Problem(doc.path, doc.line_of(("communes", index, "insee")),
                                  f"communes[{index + 1}].insee",
                                  f"la commune {code} est listée deux fois — supprimez le doublon")
                seen[("insee", code)] = doc
            continue
        for name in ("rpps", "adeli", "finess"):
            number = doc.data.get(name)
            if not isinstance(number, str):
                continue
            other = seen.get((name, number))
            if other is not None:
                yield Problem(doc.path, doc.line_of((name,)), name,
                              f"le numéro {number} est déjà celui de {other.path} — "
                              "vérifiez le numéro, ou supprimez la fiche en double",
                              related=(other.path,))
            else:
                seen[(name, number)] = doc


def identifier_keys(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """RPPS and FINESS numbers end with a Luhn key: a typo is caught."""
    for _kind, doc in _all_parsed(raw):
        rpps = _text(doc.data.get("rpps"), _DIGITS_11)
        if rpps and not identifiers.rpps_is_valid(rpps):
            yield Problem(doc.path, doc.line_of(("rpps",)), "rpps",
                          f"le numéro RPPS « {rpps} » est invalide (sa clé de contrôle ne "
                          "correspond pas) — recopiez les 11 chiffres de votre carte CPS")
        finess = _text(doc.data.get("finess"), _FINESS)
        if finess and not identifiers.finess_is_valid(finess):
            yield Problem(doc.path, doc.line_of(("finess",)), "finess",
                          f"le numéro FINESS « {finess} » est invalide (sa clé de contrôle ne "
                          "correspond pas) — recopiez-le depuis finess.sante.gouv.fr")


def phone_numbers(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """Every `telephone` is a number that can be dialled from France."""
    for _kind, doc in _all_parsed(raw):
        for path, value in _walk(doc.data):
            is_phone = path and path[-1] == "telephone" and _text(value, _PHONE)
            if not is_phone:
                continue
            parsed = phones.parse_french(value)
            if parsed is None:
                yield Problem(doc.path, doc.line_of(path), _field(path),
                              f"« {value} » n'est pas un numéro de téléphone valide — "
                              "écrivez les 10 chiffres, par exemple 04 92 21 00 00")
            elif phones.is_premium_rate(parsed):
                yield Problem(doc.path, doc.line_of(path), _field(path),
                              f"« {value} » est un numéro surtaxé — indiquez un numéro au tarif "
                              "normal (fixe ou mobile), que les patients appellent sans surcoût")
            elif phones.is_shared_cost(parsed):
                yield Problem(doc.path, doc.line_of(path), _field(path),
                              f"« {value} » est un numéro à tarif majoré (08 1…, 08 2…) — "
                              "indiquez si possible un numéro au tarif normal", Severity.WARNING)


def https_links(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """Links open a real web site over https (the schema already refuses other schemes)."""
    for _kind, doc in _all_parsed(raw):
        for path, value in _walk(doc.data):
            if not (path and path[-1] in ("rendez_vous", "site_web", "depot", "url", "lien", "source")
                    and isinstance(value, str) and value.startswith("https://")):
                continue
            host = urlsplit(value).hostname or ""
            if "." not in host.strip(".") or host.startswith(".") or host.endswith("."):
                yield Problem(doc.path, doc.line_of(path), _field(path),
                              f"« {visible(value)} » n'est pas une adresse web complète — copiez-la "
                              "depuis la barre d'adresse du navigateur, par exemple "
                              "https://www.doctolib.fr/…")


def structure_references(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """A place of practice or an opportunity names a structure that has a file."""
    known = raw.names("structure")
    for kind, doc in _all_parsed(raw):
        refs: list[tuple[tuple[str | int, ...], Any]] = []
        if kind == "professionnel" and isinstance(doc.data.get("lieux"), list):
            refs = [(("lieux", i, "structure"), lieu["structure"])
                    for i, lieu in enumerate(doc.data["lieux"])
                    if isinstance(lieu, dict) and "structure" in lieu]
        elif kind == "opportunite" and "structure" in doc.data:
            refs = [(("structure",), doc.data["structure"])]
        for path, slug in refs:
            if isinstance(slug, str) and slug not in known:
                yield Problem(doc.path, doc.line_of(path), _field(path),
                              f"la structure « {visible(slug)} » n'existe pas dans directory/structures/ — "
                              f"écrivez le nom d'un fichier existant sans .yml{_suggest(slug, known)}",
                              related=(_entry_file(raw, "structures", slug),))


def _suggest(slug: str, known: set[str]) -> str:
    near = difflib.get_close_matches(slug, sorted(known), n=1)
    return f", par exemple « {near[0]} »" if near else ""


def communes_in_territory(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """Every commune code is one of the territory's communes (but that of a structure marked
    `hors_territoire`, see outside_structures)."""
    communes = _territory_communes(raw)
    if not communes:
        return
    for kind, doc in _all_parsed(raw):
        if _is_outside(kind, doc.data):
            continue
        for path, value in _walk(doc.data):
            if path and path[-1] == "commune" and _text(value, _INSEE) and value not in communes:
                yield Problem(doc.path, doc.line_of(path), _field(path),
                              f"la commune « {value} » n'est pas une commune du territoire — "
                              "écrivez son code INSEE (et non le code postal), par exemple "
                              f"{_example_commune(communes)}, ou ajoutez la commune à "
                              "territoire.yml", related=_territory_file(raw))


def locality_communes(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """The communes of a named place (`lieux` of territoire.yml) are communes of the territory."""
    doc = raw.territory
    communes = _territory_communes(raw)
    localities = doc.data.get("lieux") if doc and isinstance(doc.data, dict) else None
    if not communes or not isinstance(localities, list):
        return
    for index, locality in enumerate(localities):
        codes = locality.get("communes") if isinstance(locality, dict) else None
        for position, code in enumerate(codes if isinstance(codes, list) else []):
            if _text(code, _INSEE) and code not in communes:
                name = locality.get("nom", "")
                yield Problem(doc.path, doc.line_of(("lieux", index, "communes", position)),
                              f"lieux[{index + 1}].communes[{position + 1}]",
                              f"la commune « {code} » du lieu « {name} » n'est pas une commune du "
                              "territoire — écrivez le code INSEE d'une commune de la liste "
                              f"« communes », par exemple {_example_commune(communes)}")


def _example_commune(communes: dict[str, str]) -> str:
    code, name = next(iter(communes.items()))
    return f"« {code} » pour {name}"


def territory_placeholders(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """What `cpts init` could not know (address, e-mail, phone, repository) is written in."""
    if raw.territory is None or raw.territory.path in raw.invalid:
        return
    doc = raw.territory
    for key, placeholder in TERRITORY_PLACEHOLDERS.items():
        if doc.data.get(key) == placeholder:
            yield Problem(doc.path, doc.line_of((key,)), key,
                          f"« {placeholder} » est la valeur provisoire écrite par cpts init — "
                          f"écrivez {WHAT_TO_WRITE[key]}", Severity.WARNING)


def _is_outside(kind: str, data: dict) -> bool:
    return kind == "structure" and data.get("hors_territoire") is True


# How far from the territory a structure it depends on may be: the nearest CHU or maternity of a
# mountain or overseas territory can be 150 km away; farther is a typo in the coordinates.
MAX_OUTSIDE_KM = 250


def outside_structures(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """A structure outside the territory (`hors_territoire: true`) is in a real commune of France
    that is not one of the territory's, and its point lies outside the territory, near enough."""
    communes = _territory_communes(raw)
    if not communes:
        return
    area = Area.from_geojson(raw.boundaries) if raw.boundaries else None
    for doc in raw.entries["structure"]:
        if doc.path in raw.invalid or not _is_outside("structure", doc.data):
            continue
        code = _text(doc.data.get("commune"), _INSEE)
        if code in communes:
            yield Problem(doc.path, doc.line_of(("hors_territoire",)), "hors_territoire",
                          f"la commune « {code} » ({communes[code]}) fait partie du territoire — "
                          "supprimez la ligne hors_territoire")
            continue
        if code and reference.commune(code) is None:
            near = reference.suggestions(code, reference.communes())
            hint = f", par exemple « {near[0]} »" if near else ""
            yield Problem(doc.path, doc.line_of(("commune",)), "commune",
                          f"« {code} » n'est le code INSEE d'aucune commune de France — écrivez "
                          f"le code INSEE de la commune (et non le code postal){hint}")
        point = doc.data.get("coordonnees")
        lat, lon = (point.get("lat"), point.get("lon")) if isinstance(point, dict) else (None, None)
        if not (isinstance(lat, int | float) and isinstance(lon, int | float)):
            continue
        if area is not None and area.contains(lat, lon, list(communes)):
            yield Problem(doc.path, doc.line_of(("coordonnees",)), "coordonnees",
                          f"le point ({lat}, {lon}) est dans le territoire, alors que la fiche "
                          "dit hors_territoire: true — vérifiez les coordonnées ou la commune")
            continue
        centres = [(c["centre"]["lat"], c["centre"]["lon"])
                   for c in raw.territory.data["communes"]] if raw.territory else []
        _, km = nearest_km(lat, lon, centres)
        if centres and km > MAX_OUTSIDE_KM:
            hint = (" — la latitude et la longitude semblent inversées"
                    if nearest_km(lon, lat, centres)[1] <= MAX_OUTSIDE_KM else
                    " — relevez la position sur openstreetmap.org (clic droit, « Afficher "
                    "l'adresse »)")
            yield Problem(doc.path, doc.line_of(("coordonnees",)), "coordonnees",
                          f"le point ({lat}, {lon}) est à {km:.0f} km du territoire, plus que "
                          f"les {MAX_OUTSIDE_KM} km admis pour une structure hors territoire{hint}")


# Without a commune's boundaries, a place is checked against the commune's centre.
NEAR_CENTRE_METERS = 15_000


def _centres(raw: RawDirectory, area: Area) -> dict[str, tuple[float, float]]:
    """(lat, lon) of the territory's communes that have no boundaries in the GeoJSON."""
    if raw.territory is None or raw.territory.path in raw.invalid:
        return {}
    return {c["insee"]: (c["centre"]["lat"], c["centre"]["lon"])
            for c in raw.territory.data["communes"] if c["insee"] not in area.polygons}


def _finite(value: Any) -> bool:
    """A number a rule can compute with (the schema reports any other value)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer of hundreds of digits
        return False


def _near_a_centre(lat: float, lon: float, centres: dict[str, tuple[float, float]]) -> bool:
    return any(distance_m(lat, lon, *centre) <= NEAR_CENTRE_METERS for centre in centres.values())


def coordinates_in_territory(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """A place's coordinates fall inside the territory (catches swapped latitude and longitude):
    inside a commune's boundaries, or near its centre when its boundaries are missing."""
    territory = list(_territory_communes(raw))
    if not territory:
        return
    area = Area.from_geojson(raw.boundaries or {})
    centres = _centres(raw, area)
    contours = raw.territory.data.get("contours") if raw.territory else None
    related = (*_territory_file(raw), *([raw.display(raw.root / str(contours))] if contours else []))

    def inside(lat: float, lon: float, own: list[str]) -> bool:
        return (area.contains(lat, lon, own) or area.contains(lat, lon, territory)
                or _near_a_centre(lat, lon, centres))

    for kind, doc in _all_parsed(raw):
        if kind == "territoire" or _is_outside(kind, doc.data):
            continue
        for path, value in _walk(doc.data):
            if not (path and path[-1] == "coordonnees" and isinstance(value, dict)):
                continue
            lat, lon = value.get("lat"), value.get("lon")
            if not (_finite(lat) and _finite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
                continue  # the schema reports it
            parent = doc.data
            for step in path[:-1]:
                parent = parent[step]
            own = [parent["commune"]] if isinstance(parent.get("commune"), str) else []
            if inside(lat, lon, own):
                continue
            hint = (" — la latitude et la longitude semblent inversées"
                    if inside(lon, lat, []) else
                    " — relevez la position sur openstreetmap.org (clic droit, « Afficher "
                    f"l'adresse »){area.position_hint()}")
            yield Problem(doc.path, doc.line_of(path), _field(path),
                          f"le point ({lat}, {lon}) est hors du territoire de la CPTS{hint}",
                          related=related)


def boundaries_cover_territory(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """Every commune of the territory has its boundaries: without them the coordinates rule
    is weaker (a place is only checked against the commune's centre), and says so."""
    communes = _territory_communes(raw)
    if not communes or raw.territory is None:
        return
    missing = _centres(raw, Area.from_geojson(raw.boundaries or {}))
    if not missing:
        return
    km = NEAR_CENTRE_METERS // 1000
    contours = raw.territory.data.get("contours")
    if len(missing) == len(communes):
        where = ("ce fichier ne donne le contour d'aucune commune du territoire"
                 if contours else "aucun fichier de contours des communes n'est indiqué")
        todo = ("ajoutez « contours: communes.geojson » et ce fichier dans directory/ "
                "(cpts init le produit)" if not contours else
                "exportez-le de nouveau, avec le code INSEE de chaque commune dans « code »")
    else:
        names = ", ".join(communes[code] for code in missing)
        where = f"ce fichier ne donne pas le contour de : {names}"
        todo = "ajoutez ces communes au fichier (propriété « code » : le code INSEE)"
    message = (f"{where} : les coordonnées des lieux n'y sont vérifiées qu'à {km} km près du "
               f"centre de la commune — {todo}")
    if contours:  # the file is what is incomplete
        yield Problem(raw.display(raw.root / str(contours)), 0, "", message, Severity.WARNING,
                      related=_territory_file(raw))
    else:
        yield Problem(raw.territory.path, raw.territory.line_of(()), "contours", message,
                      Severity.WARNING)


def specialties_of_profession(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """A specialty belongs to the professional's profession (no « pediatrie » for a nurse)."""
    vocabulary = nomenclature()
    for doc in raw.entries["professionnel"]:
        profession = vocabulary.professions.get(str(doc.data.get("profession")))
        specialties = doc.data.get("specialites")
        if profession is None or not isinstance(specialties, list):
            continue
        for index, code in enumerate(specialties):
            if vocabulary.profession_of_specialty(str(code)) and code not in profession.specialties:
                allowed = ", ".join(profession.specialties) or "aucune (supprimez la ligne)"
                yield Problem(doc.path, doc.line_of(("specialites", index)),
                              f"specialites[{index + 1}]",
                              f"« {code} » n'est pas une spécialité de la profession "
                              f"{profession.label.lower()} — écrivez l'une de : {allowed}")


def opening_hours(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """Each opening range ends after it starts."""
    for _kind, doc in _all_parsed(raw):
        for path, value in _walk(doc.data):
            if len(path) < 2 or path[-2] != "horaires" or not _text(value, _HOURS):
                continue
            for span in value.split(","):
                start, end = span.strip().split("-")
                if end <= start:
                    yield Problem(doc.path, doc.line_of(path), _field(path),
                                  f"la plage « {span.strip()} » finit avant de commencer — "
                                  "écrivez l'heure de début puis l'heure de fin, par exemple "
                                  "08:30-12:00")


_REFUSES = re.compile(r"\b(?:ne|n)\s*(?:prend|prends|prenons|accepte|acceptons|recoit|recois)"
                      r"\s+(?:plus|pas)\s+(?:de\s+)?nouveaux?\s+patients?")
_ACCEPTS = re.compile(r"\b(?:prend|prends|prenons|accepte|acceptons|recoit|recois)\s+"
                      r"(?:de\s+|les\s+|des\s+)?nouveaux?\s+patients?")
_STATUS_SAID = {"oui": "accepte de nouveaux patients", "non": "n'en accepte pas",
                "liste-attente": "a une liste d'attente"}


def new_patients_text(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """A published new-patients status and the entry's own text say the same thing: the page
    shows both, a badge and the text."""
    for doc in raw.entries["professionnel"]:
        status = doc.data.get("nouveaux_patients")
        if not isinstance(status, dict) or not status.get("publie"):
            continue
        code = status.get("statut")
        for path, value in _walk(doc.data):
            member_text = path and (path[0] in ("presentation", "competences")
                                    or (path[0] == "lieux" and path[-1] == "remarque"))
            if not isinstance(value, str) or not member_text:
                continue
            text = fold(value)
            refuses = _REFUSES.search(text)
            accepts = None if refuses else _ACCEPTS.search(text)
            if (refuses and code == "oui") or (accepts and code in ("non", "liste-attente")):
                said = (refuses or accepts).group(0)  # type: ignore[union-attr]
                yield Problem(doc.path, doc.line_of(path), _field(path),
                              f"le texte dit « {said} » mais nouveaux_patients.statut dit qu'il "
                              f"{_STATUS_SAID.get(str(code), str(code))} — accordez les deux : "
                              "changez le statut ou le texte")


def verification_dates(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """An entry is checked at least once a year; a check cannot be in the future."""
    for kind in ("professionnel", "structure"):
        for doc in raw.entries[kind]:
            yield from _verified(doc, today, "fiche non vérifiée depuis le {date} (plus de 12 "
                                 "mois) — relisez-la et mettez la date du jour")


def _verified(doc: YamlDocument, today: dt.date, stale: str) -> Iterator[Problem]:
    """The `verifie_le` date of a document: an error in the future, a warning after a year."""
    checked = _date(doc.data.get("verifie_le"))
    if checked is None:
        return
    # A check done today is never « in the future », even when the site is built as of an
    # earlier day (`cpts build --date`, the tests): the calendar, not the build, decides.
    if checked > max(today, dt.date.today()):
        yield Problem(doc.path, doc.line_of(("verifie_le",)), "verifie_le",
                      f"la date {checked.isoformat()} est dans le futur — écrivez la date "
                      f"de la vérification, par exemple {today.isoformat()}")
    elif is_stale(checked, today):
        yield Problem(doc.path, doc.line_of(("verifie_le",)), "verifie_le",
                      stale.format(date=checked.isoformat()), Severity.WARNING)


def opportunity_dates(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """An opportunity expires after it is published; an expired one leaves the site."""
    for doc in raw.entries["opportunite"]:
        published = _date(doc.data.get("publie_le"))
        expires = _date(doc.data.get("expire_le"))
        if published is None or expires is None:
            continue
        if expires <= published:
            yield Problem(doc.path, doc.line_of(("expire_le",)), "expire_le",
                          f"la date d'expiration ({expires.isoformat()}) doit être après la date "
                          f"de publication ({published.isoformat()})")
        elif expires < today:
            yield Problem(doc.path, doc.line_of(("expire_le",)), "expire_le",
                          f"offre expirée le {expires.isoformat()} : elle n'est plus publiée — "
                          "supprimez le fichier, ou repoussez la date si l'offre tient toujours",
                          Severity.WARNING)


def prevention_periods(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """A campaign or an alert ends on or after the day it starts."""
    for kind in ("campagne", "alerte"):
        for doc in raw.entries.get(kind, []):
            start, end = _date(doc.data.get("debut")), _date(doc.data.get("fin"))
            if start is not None and end is not None and end < start:
                yield Problem(doc.path, doc.line_of(("fin",)), "fin",
                              f"la date de fin ({end.isoformat()}) est avant la date de début "
                              f"({start.isoformat()}) — écrivez le dernier jour, par exemple "
                              f"{_days_after(start, 14).isoformat()}")


def _days_after(day: dt.date, days: int) -> dt.date:
    """`day` plus `days`, or the last day of the calendar (9999-12-31) rather than an overflow."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max


def campaign_places(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """A campaign's structures have a file, and its communes belong to the territory."""
    known = raw.names("structure")
    communes = _territory_communes(raw)
    for doc in raw.entries.get("campagne", []):
        listed = doc.data.get("structures")
        for index, slug in enumerate(listed if isinstance(listed, list) else []):
            if isinstance(slug, str) and slug not in known:
                yield Problem(doc.path, doc.line_of(("structures", index)), f"structures[{index + 1}]",
                              f"la structure « {visible(slug)} » n'existe pas dans directory/structures/ — "
                              f"écrivez le nom d'un fichier existant sans .yml{_suggest(slug, known)}",
                              related=(_entry_file(raw, "structures", slug),))
        listed = doc.data.get("communes")
        for index, code in enumerate(listed if isinstance(listed, list) and communes else []):
            if _text(code, _INSEE) and code not in communes:
                yield Problem(doc.path, doc.line_of(("communes", index)), f"communes[{index + 1}]",
                              f"la commune « {code} » n'est pas une commune du territoire — "
                              "écrivez son code INSEE (et non le code postal), par exemple "
                              f"{_example_commune(communes)}", related=_territory_file(raw))


def alert_advice(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """An alert links to advice: a campaign of the directory, or a page of another site."""
    campaigns = raw.names("campagne")
    for doc in raw.entries.get("alerte", []):
        campaign = doc.data.get("campagne")
        if "campagne" not in doc.data and "lien" not in doc.data:
            yield Problem(doc.path, doc.line_of(("message",)), "campagne",
                          "le bandeau doit mener à des conseils — ajoutez « campagne: » suivi du nom "
                          "d'un fichier de directory/campagnes/ sans .yml, ou « lien: https://… »")
        elif isinstance(campaign, str) and campaign not in campaigns:
            yield Problem(doc.path, doc.line_of(("campagne",)), "campagne",
                          f"la campagne « {visible(campaign)} » n'existe pas dans directory/campagnes/ — "
                          f"écrivez le nom d'un fichier existant sans .yml{_suggest(campaign, campaigns)}",
                          related=(_entry_file(raw, "campagnes", campaign),))


def installation_dates(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """Aid amounts and zonings change: each is checked on its source at least once a year."""
    what = {"aide": "montant et conditions vérifiés", "zonage": "zonage vérifié"}
    for kind, done in what.items():
        for doc in raw.entries.get(kind, []):
            yield from _verified(doc, today, f"{done} pour la dernière fois le {{date}} (plus de "
                                 "12 mois) — comparez avec la page indiquée dans « source », "
                                 "corrigez si besoin et mettez la date du jour")


def zoning_communes(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """A zoning classes each commune of the territory once."""
    territory = _territory_communes(raw)
    for doc in raw.entries.get("zonage", []):
        listed = doc.data.get("communes")
        if not isinstance(listed, list):
            continue
        seen: dict[str, int] = {}
        for index, item in enumerate(listed):
            code = item.get("commune") if isinstance(item, dict) else None
            if not isinstance(code, str):
                continue
            if code in seen:
                yield Problem(doc.path, doc.line_of(("communes", index, "commune")),
                              f"communes[{index + 1}].commune",
                              f"la commune {code} est déjà classée à la ligne "
                              f"{doc.line_of(('communes', seen[code]))} — gardez une seule ligne "
                              "par commune")
            else:
                seen[code] = index
        missing = {code: name for code, name in territory.items() if code not in seen}
        if missing:
            example = next(iter(missing))
            yield Problem(doc.path, doc.line_of(("communes",)), "communes",
                          f"{len(missing)} commune(s) du territoire sans zonage "
                          f"({', '.join(missing.values())}) — ajoutez une ligne par commune, par exemple "
                          f"« - {{commune: \"{example}\", zone: zac}} »",
                          Severity.WARNING, related=_territory_file(raw))


def installation_specialties(raw: RawDirectory, today: dt.date) -> Iterator[Problem]:
    """In aids, zonings, diagnostics and densities, a specialty belongs to the profession named."""
    vocabulary = nomenclature()

    def check(doc: YamlDocument, path: tuple[str | int, ...], code: Any,
              professions: list[Any]) -> Iterator[Problem]:
        owner = vocabulary.profession_of_specialty(str(code))
        if owner is None or owner in professions:
            return
        names = " ou ".join(vocabulary.professions[p].label.lower() for p in professions
                            if isinstance(p, str) and p in vocabulary.professions) or "indiquée"
        yield Problem(doc.path, doc.line_of(path), _field(path),
                      f"« {code} » n'est pas une spécialité de la profession {names} — écrivez "
                      f"« profession: {owner} » ou supprimez la spécialité")

    for kind in ("zonage", "diagnostic", "densite"):
        for doc in raw.entries.get(kind, []):
            for path, value in _walk(doc.data):
                if isinstance(value, dict) and "specialite" in value and "profession" in value:
                    yield from check(doc, (*path, "specialite"), value["specialite"],
                                     [value["profession"]])
    for doc in raw.entries.get("aide", []):
        professions, specialties = doc.data.get("professions"), doc.data.get("specialites")
        if isinstance(professions, list) and isinstance(specialties, list):
            for index, code in enumerate(specialties):
                yield from check(doc, ("specialites", index), code, professions)


RULES: tuple[Rule, ...] = (
    file_names,
    unique_identifiers,
    identifier_keys,
    phone_numbers,
    https_links,
    structure_references,
    communes_in_territory,
    locality_communes,
    coordinates_in_territory,
    boundaries_cover_territory,
    outside_structures,
    territory_placeholders,
    specialties_of_profession,
    opening_hours,
    new_patients_text,
    verification_dates,
    opportunity_dates,
    prevention_periods,
    campaign_places,
    alert_advice,
    installation_dates,
    zoning_communes,
    installation_specialties,
)
