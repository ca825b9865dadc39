"""Registry lines -> the registry's part of an entry, in the members' YAML field names.

`values` hold only what the registry says (never secteur, Carte Vitale or new patients: the
public extracts do not carry them); the merge decides what of it reaches a member's file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .. import phones
from ..directory import identifiers
from ..nomenclature import nomenclature
from ..text import fold
from .annuaire import Activity, Skill
from .finess import Establishment
from .mapping import Mapping
from .names import display_case
from .territory import TerritoryFilter

MAX_PLACES = 5  # professionnel.schema.json: lieux maxItems
_REPEAT = {"B": "bis", "T": "ter", "Q": "quater", "C": "quinquies"}
# Fields an import owns (the others are the members').
PROFESSIONAL_FIELDS = ("civilite", "nom", "prenom", "profession", "specialites", "lieux")
PLACE_LOCATION = ("structure", "nom", "adresse", "commune", "coordonnees")
PLACE_FIELDS = (*PLACE_LOCATION, "telephone")
STRUCTURE_FIELDS = ("type", "nom", "adresse", "commune", "coordonnees", "telephone")


@dataclass
class Imported:
    """One entry as the registry sees it."""

    kind: str  # "professionnel" or "structure"
    identifier: tuple[str, str]  # ("rpps" | "adeli" | "finess", number)
    values: dict[str, Any]  # registry-owned fields; places carry their registry « site » key
    line: int  # first line of the extract it comes from
    approximate: bool = False  # a position is the commune's centre

    @property
    def name(self) -> str:
        if self.kind == "professionnel":
            return f"{self.values['prenom']} {self.values['nom']}"
        return str(self.values["nom"])


@dataclass
class Skipped:
    """People and establishments not imported, counted by reason (for the report)."""

    reasons: Counter[str] = field(default_factory=Counter)
    lines: list[str] = field(default_factory=list)


def group_by_person(activities: Iterable[Activity]) -> dict[tuple[str, str], list[Activity]]:
    people: dict[tuple[str, str], list[Activity]] = {}
    for activity in activities:
        people.setdefault(activity.person_key, []).append(activity)
    return people


def professional(activities: list[Activity], skills: list[Skill], mapping: Mapping,
                 territory: TerritoryFilter, structures: dict[str, dict[str, Any]],
                 skipped: Skipped) -> Imported | None:
    """The registry's entry of one person, all their places in the territory grouped."""
    first = activities[0]
    id_name, number = first.person_key
    if id_name == "rpps" and not identifiers.rpps_is_valid(number):
        skipped.lines.append(f"ligne {first.line} : numéro RPPS « {number} » invalide (clé de contrôle)")
        return None
    if id_name == "adeli" and len(number) != 9:
        skipped.lines.append(f"ligne {first.line} : numéro ADELI « {number} » qui n'a pas 9 chiffres")
        return None
    profession = None
    for activity in activities:
        profession = mapping.key("professions", activity["profession_code"],
                                 activity["profession_label"])
        if profession:
            break
    if profession is None:
        skipped.reasons[f"profession non reprise dans l'annuaire ({first['profession_label']})"] += 1
        return None
    civility = _civility(first["civility_code"])
    if civility is None:
        skipped.lines.append(f"ligne {first.line} : civilité « {first['civility_code']} » inconnue "
                             f"pour {first['first_name']} {first['last_name']} (M ou MME attendu)")
        return None
    values: dict[str, Any] = {
        "civilite": civility,
        "nom": display_case(first["last_name"], name=True),
        "prenom": display_case(first["first_name"], name=True),
        "profession": profession,
    }
    specialties = _specialties(profession, activities, skills, mapping)
    if specialties:
        values["specialites"] = specialties
    places: list[dict[str, Any]] = []
    approximate = False
    for activity in activities:
        place = _place(activity, mapping, territory, structures)
        if all(p["site"] != place["site"] for p in places):
            places.append(place)
            approximate = approximate or "structure" not in place
    if len(places) > MAX_PLACES:
        skipped.lines.append(f"ligne {first.line} : {values['prenom']} {values['nom']} a "
                             f"{len(places)} lieux d'exercice ; les {MAX_PLACES} premiers sont repris")
        places = places[:MAX_PLACES]
    values["lieux"] = places
    return Imported("professionnel", first.person_key, values, first.line, approximate)


def _civility(code: str) -> str | None:
    return {"M": "M.", "MME": "Mme", "MLLE": "Mme", "MLE": "Mme"}.get(code.upper().rstrip("."))


def _specialties(profession: str, activities: list[Activity], skills: list[Skill],
                 mapping: Mapping) -> list[str]:
    allowed = nomenclature().professions[profession].specialties
    found: list[str] = []
    candidates = [(a["skill_type"], a["skill_code"], a["skill_label"]) for a in activities]
    candidates += [(s.skill_type, s.code, s.label) for s in skills]
    for skill_type, code, label in candidates:
        if skill_type != "S" or not code:
            continue
        key = mapping.key("specialites", code, label, scope=profession)
        if key in allowed and key not in found:
            found.append(key)
    if profession == "pharmacien":
        for activity in activities:
            key = mapping.key("sections_pharmaciens", activity["pharmacist_section"],
                              activity["pharmacist_section_label"])
            if key in allowed and key not in found:
                found.append(key)
    return found[:6]


def _site_key(activity: Activity) -> str:
    for column in ("structure_id", "finess_site", "siret"):
        if activity[column]:
            return activity[column]
    return fold(f"{_street(activity)} {activity.insee}")


def _street(activity: Activity) -> str:
    number = activity["street_number"]
    repeat = _REPEAT.get(activity["street_repeat"].upper(), activity["street_repeat"].lower())
    parts = [number + (f" {repeat}" if repeat and number else ""), activity["street_type"].lower(),
             display_case(activity["street"], inner=True)]
    street = " ".join(p for p in parts if p)
    return street or activity["place_name"] or activity["distribution"]


def _place(activity: Activity, mapping: Mapping, territory: TerritoryFilter,
           structures: dict[str, dict[str, Any]]) -> dict[str, Any]:
    place: dict[str, Any] = {"site": _site_key(activity)}
    slug = _structure_of(activity, mapping, structures)
    if slug:
        place["structure"] = slug
    else:
        name = activity["trade_name"] or activity["company_name"]
        if name:
            place["nom"] = display_case(name, mapping.acronyms)
        street = _street(activity)
        place["adresse"] = display_case(street, mapping.acronyms) if street else \
            territory.communes[activity.insee]["nom"]
        place["commune"] = activity.insee
        place["coordonnees"] = territory.centre(activity.insee)
    phone = phone_number(activity["phone"]) or phone_number(activity["phone2"])
    if phone:
        place["telephone"] = phone
    return place


def _structure_of(activity: Activity, mapping: Mapping,
                  structures: dict[str, dict[str, Any]]) -> str | None:
    """The directory's structure this activity is at: same FINESS site number, else a structure
    of the sector's type in the same commune with exactly the same name."""
    finess = activity["finess_site"]
    for slug, data in structures.items():
        if finess and data.get("finess") == finess:
            return slug
    kind = mapping.key("secteurs", activity["sector_code"], activity["sector_label"])
    name = fold(activity["trade_name"] or activity["company_name"])
    if kind and name:
        for slug, data in structures.items():
            if (data.get("type") == kind and data.get("commune") == activity.insee
                    and fold(str(data.get("nom", ""))) == name):
                return slug
    return None


def phone_number(raw: str) -> str | None:
    digits = "".join(c for c in raw if c.isdigit())
    if len(digits) != 10 or phones.parse_french(digits) is None:
        return None
    return phones.display(digits)


def structure(establishment: Establishment, mapping: Mapping, territory: TerritoryFilter,
              skipped: Skipped) -> Imported | None:
    """The registry's entry of one FINESS establishment."""
    kind = mapping.key("categories", establishment["categetab"], establishment["libcategetab"])
    if kind is None:
        if establishment["categetab"] in mapping.tables["categories"]:
            skipped.reasons[f"catégorie non reprise ({establishment['libcategetab']})"] += 1
        return None
    finess = establishment["nofinesset"]
    if not identifiers.finess_is_valid(finess):
        skipped.lines.append(f"ligne {establishment.line} : numéro FINESS « {finess} » invalide "
                             "(clé de contrôle)")
        return None
    name = establishment["rslongue"] or establishment["rs"]
    street_type = mapping.street_types.get(establishment["typvoie"].upper(),
                                           establishment["typvoie"].lower())
    street = " ".join(p for p in (establishment["numvoie"], establishment["compvoie"].lower(),
                                  street_type, display_case(establishment["voie"], inner=True)) if p)
    address = street or establishment["lieuditbp"] or establishment["compldistrib"]
    values: dict[str, Any] = {
        "type": kind,
        "nom": display_case(name, mapping.acronyms),
        "adresse": display_case(address, mapping.acronyms) if address else
        territory.communes[establishment.insee]["nom"],
        "commune": establishment.insee,
        "coordonnees": establishment.position or territory.centre(establishment.insee),
    }
    phone = phone_number(establishment["telephone"])
    if phone:
        values["telephone"] = phone
    return Imported("structure", ("finess", finess), values, establishment.line,
                    approximate=establishment.position is None)
