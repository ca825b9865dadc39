"""The directory as typed objects: what the pages, the map, the search and the exports read.

Built only from a directory that passed validation, so it trusts its input.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .directory import RawDirectory
from .nomenclature import nomenclature

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


@dataclass(frozen=True)
class Point:
    lat: float
    lon: float


@dataclass(frozen=True)
class Commune:
    insee: str
    name: str
    postcodes: tuple[str, ...]
    population: int
    centre: Point


@dataclass(frozen=True)
class Hours:
    """Opening hours: day -> ranges (« 08:30-12:00 »); a missing day is closed."""

    days: dict[str, tuple[str, ...]]
    note: str | None = None

    @classmethod
    def from_data(cls, data: dict[str, str] | None) -> Hours | None:
        if not data:
            return None
        days = {
            day: tuple(span.strip() for span in data[day].split(","))
            for day in DAYS if day in data
        }
        return cls(days, data.get("remarque"))


@dataclass
class Structure:
    slug: str
    source: str
    type: str
    name: str
    address: str
    commune: Commune
    point: Point
    finess: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    hours: Hours | None = None
    services: tuple[str, ...] = ()
    same_day_care: bool = False
    wheelchair_access: bool | None = None
    maintainers: tuple[str, ...] = ()
    verified_on: dt.date | None = None
    professionals: list[Professional] = field(default_factory=list)

    @property
    def type_label(self) -> str:
        return nomenclature().structure_types[self.type].label


@dataclass
class Place:
    """Where a professional practises: in a structure of the directory, or at an address."""

    address: str
    commune: Commune
    point: Point
    structure: Structure | None = None
    name: str | None = None
    phone: str | None = None
    booking_url: str | None = None
    hours: Hours | None = None
    home_visits: bool | None = None
    teleconsultation: bool | None = None
    wheelchair_access: bool | None = None

    @property
    def label(self) -> str | None:
        return self.structure.name if self.structure else self.name


@dataclass
class Professional:
    slug: str
    source: str
    civility: str
    last_name: str
    first_name: str
    profession: str
    places: list[Place]
    rpps: str | None = None
    adeli: str | None = None
    specialties: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    new_patients: str | None = None
    new_patients_published: bool = False
    same_day_care: bool | None = None
    sector: str | None = None
    optam: bool | None = None
    carte_vitale: bool | None = None
    languages: tuple[str, ...] = ()
    cpts_member: bool = False
    maintainers: tuple[str, ...] = ()
    verified_on: dt.date | None = None

    @property
    def full_name(self) -> str:
        title = nomenclature().professions[self.profession].title
        prefix = title or self.civility
        return f"{prefix} {self.first_name} {self.last_name}"

    @property
    def profession_label(self) -> str:
        return nomenclature().professions[self.profession].label_for(self.civility)

    @property
    def specialty_labels(self) -> list[str]:
        vocabulary = nomenclature().professions[self.profession].specialties
        return [vocabulary[code] for code in self.specialties]

    @property
    def published_new_patients(self) -> str | None:
        """The new-patients status, only when the CPTS may publish it."""
        return self.new_patients if self.new_patients_published else None


@dataclass
class Opportunity:
    slug: str
    source: str
    type: str
    title: str
    description: str
    commune: Commune
    published_on: dt.date
    expires_on: dt.date
    contact_name: str
    contact_phone: str | None = None
    contact_email: str | None = None
    structure: Structure | None = None
    professions: tuple[str, ...] = ()
    specialties: tuple[str, ...] = ()

    def is_active(self, today: dt.date) -> bool:
        return self.published_on <= today <= self.expires_on


@dataclass
class Territory:
    name: str
    short_name: str
    presentation: str | None
    address: str
    commune: Commune
    email: str
    phone: str
    repository: str
    branch: str
    coordinators: tuple[str, ...]
    communes: dict[str, Commune]
    boundaries: dict | None
    sources: tuple[str, ...]

    def edit_url(self, source: str) -> str:
        """The repository's web editor on one file: « Modifier cette fiche »."""
        return f"{self.repository.rstrip('/')}/edit/{self.branch}/{source}"

    @property
    def population(self) -> int:
        return sum(c.population for c in self.communes.values())


@dataclass
class Directory:
    territory: Territory
    professionals: list[Professional]
    structures: dict[str, Structure]
    opportunities: list[Opportunity]


def build_model(raw: RawDirectory) -> Directory:
    """Typed objects from a validated RawDirectory; sorted the way the site lists them."""
    assert raw.territory is not None, "build_model needs a validated directory"
    t = raw.territory.data
    communes = {
        c["insee"]: Commune(c["insee"], c["nom"], tuple(c["codes_postaux"]), c["population"],
                            _point(c["centre"]))
        for c in t["communes"]
    }
    territory = Territory(
        name=t["nom"], short_name=t.get("nom_court", t["nom"]), presentation=t.get("presentation"),
        address=t["adresse"], commune=communes[t["commune"]], email=t["email"],
        phone=t["telephone"], repository=t["depot"], branch=t.get("branche", "main"),
        coordinators=tuple(t.get("coordinateurs", [])), communes=communes,
        boundaries=raw.boundaries, sources=tuple(t.get("sources", [])),
    )
    structures = {
        doc.slug: _structure(doc.slug, doc.path, doc.data, communes)
        for doc in sorted(raw.entries["structure"], key=lambda d: d.slug)
    }
    professionals = [
        _professional(doc.slug, doc.path, doc.data, communes, structures)
        for doc in raw.entries["professionnel"]
    ]
    professionals.sort(key=lambda p: (p.last_name.lower(), p.first_name.lower(), p.slug))
    for professional in professionals:
        for place in professional.places:
            if place.structure and professional not in place.structure.professionals:
                place.structure.professionals.append(professional)
    opportunities = [
        _opportunity(doc.slug, doc.path, doc.data, communes, structures)
        for doc in raw.entries["opportunite"]
    ]
    opportunities.sort(key=lambda o: (o.expires_on, o.slug))
    return Directory(territory, professionals, structures, opportunities)


def _point(data: dict[str, float]) -> Point:
    return Point(float(data["lat"]), float(data["lon"]))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _structure(slug: str, source: str, d: dict[str, Any], communes: dict[str, Commune]) -> Structure:
    return Structure(
        slug=slug, source=source, type=d["type"], name=d["nom"], address=d["adresse"],
        commune=communes[d["commune"]], point=_point(d["coordonnees"]), finess=d.get("finess"),
        phone=d.get("telephone"), email=d.get("email"), website=d.get("site_web"),
        hours=Hours.from_data(d.get("horaires")), services=tuple(d.get("services", [])),
        same_day_care=d.get("soins_non_programmes", False),
        wheelchair_access=d.get("accessible_pmr"), maintainers=tuple(d.get("mainteneurs", [])),
        verified_on=_date(d.get("verifie_le")),
    )


def _place(d: dict[str, Any], communes: dict[str, Commune], structures: dict[str, Structure]) -> Place:
    structure = structures.get(d["structure"]) if "structure" in d else None
    common = dict(
        phone=d.get("telephone"), booking_url=d.get("rendez_vous"),
        hours=Hours.from_data(d.get("horaires")), home_visits=d.get("visites_domicile"),
        teleconsultation=d.get("teleconsultation"), wheelchair_access=d.get("accessible_pmr"),
    )
    if structure is not None:
        common["phone"] = common["phone"] or structure.phone
        common["hours"] = common["hours"] or structure.hours
        if common["wheelchair_access"] is None:
            common["wheelchair_access"] = structure.wheelchair_access
        return Place(address=structure.address, commune=structure.commune, point=structure.point,
                     structure=structure, **common)
    return Place(address=d["adresse"], commune=communes[d["commune"]],
                 point=_point(d["coordonnees"]), name=d.get("nom"), **common)


def _professional(
    slug: str, source: str, d: dict[str, Any], communes: dict[str, Commune],
    structures: dict[str, Structure],
) -> Professional:
    new_patients = d.get("nouveaux_patients") or {}
    return Professional(
        slug=slug, source=source, civility=d["civilite"], last_name=d["nom"],
        first_name=d["prenom"], profession=d["profession"],
        places=[_place(p, communes, structures) for p in d["lieux"]],
        rpps=d.get("rpps"), adeli=d.get("adeli"), specialties=tuple(d.get("specialites", [])),
        skills=tuple(d.get("competences", [])), new_patients=new_patients.get("statut"),
        new_patients_published=new_patients.get("publie", False),
        same_day_care=d.get("soins_non_programmes"), sector=d.get("secteur"),
        optam=d.get("optam"), carte_vitale=d.get("carte_vitale"),
        languages=tuple(d.get("langues", [])), cpts_member=d.get("membre_cpts", False),
        maintainers=tuple(d.get("mainteneurs", [])), verified_on=_date(d.get("verifie_le")),
    )


def _opportunity(
    slug: str, source: str, d: dict[str, Any], communes: dict[str, Commune],
    structures: dict[str, Structure],
) -> Opportunity:
    contact = d["contact"]
    return Opportunity(
        slug=slug, source=source, type=d["type"], title=d["titre"], description=d["description"],
        commune=communes[d["commune"]], published_on=dt.date.fromisoformat(d["publie_le"]),
        expires_on=dt.date.fromisoformat(d["expire_le"]), contact_name=contact["nom"],
        contact_phone=contact.get("telephone"), contact_email=contact.get("email"),
        structure=structures.get(d.get("structure", "")),
        professions=tuple(d.get("professions", [])), specialties=tuple(d.get("specialites", [])),
    )
