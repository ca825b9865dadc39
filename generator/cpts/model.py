"""The directory as typed objects: what the pages, the map, the search and the exports read.

Built only from a directory that passed validation, so it trusts its input.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .directory.load import RawDirectory
from .nomenclature import nomenclature
from .territory import reference
from .territory.geo import nearest_km

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


@dataclass(frozen=True)
class Outside:
    """Where a structure outside the territory lies: as the crow flies from the nearest of the
    territory's communes (their centres)."""

    distance_km: int
    nearest: Commune


@dataclass(frozen=True)
class Access:
    """How to come in: floor and entrance, lift, parking, public transport (`acces`)."""

    floor: str | None = None
    lift: bool | None = None
    parking: str | None = None
    transport: str | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> Access | None:
        if not data:
            return None
        return cls(data.get("etage"), data.get("ascenseur"), data.get("stationnement"),
                   data.get("transports"))


@dataclass(frozen=True)
class Payment:
    """The means of payment accepted (`paiement`); None: not said."""

    third_party: bool | None = None  # tiers payant
    card: bool | None = None
    cheque: bool | None = None
    cash: bool | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> Payment | None:
        if not data:
            return None
        return cls(data.get("tiers_payant"), data.get("carte_bancaire"), data.get("cheque"),
                   data.get("especes"))


@dataclass(eq=False)  # an entity: compared by identity, not field by field
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
    specialties: tuple[str, ...] = ()  # specialty codes whose patients it receives (`specialites`)
    same_day_care: bool = False
    wheelchair_access: bool | None = None
    maintainers: tuple[str, ...] = ()
    verified_on: dt.date | None = None
    # Outside the territory (`hors_territoire: true`): how far, from which commune; else None.
    outside: Outside | None = None
    professionals: list[Professional] = field(default_factory=list)
    access: Access | None = None
    payment: Payment | None = None

    @property
    def type_label(self) -> str:
        return nomenclature().structure_types[self.type].label

    @property
    def specialty_labels(self) -> list[str]:
        return [nomenclature().specialty_label(code) for code in self.specialties]


@dataclass(eq=False)  # an entity: compared by identity, not field by field
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
    access: Access | None = None

    @property
    def label(self) -> str | None:
        return self.structure.name if self.structure else self.name


@dataclass(eq=False)  # an entity: compared by identity, not field by field
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
    presentation: str | None = None
    payment: Payment | None = None

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

    @property
    def new_patients_badge(self) -> str | None:
        """The published status as a badge says it: for a GP, as a « médecin traitant »."""
        status = self.published_new_patients
        if status is None:
            return None
        names = nomenclature()
        gp = "medecine-generale" in self.specialties
        return (names.new_patients_gp if gp else names.new_patients)[status]


@dataclass(eq=False)  # an entity: compared by identity, not field by field
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


# The ARS zoning categories (article L1434-4 of the Code de la santé publique).
ZONES = {
    "zip": "Zone d'intervention prioritaire (ZIP)",
    "zac": "Zone d'action complémentaire (ZAC)",
    "hors-zonage": "Hors zonage",
}
ZONES_SHORT = {"zip": "ZIP", "zac": "ZAC", "hors-zonage": "Hors zonage"}


def euros(amount: int) -> str:
    """10000 -> « 10 000 € » (narrow no-break space for thousands, no-break space before €)."""
    return f"{amount:,}".replace(",", "\u202f") + "\u00a0€"


@dataclass(frozen=True)
class Zoning:
    """The ARS zoning of one profession (or specialty): commune INSEE code -> zone."""

    slug: str
    source: str
    profession: str
    specialty: str | None
    label: str
    zones: dict[str, str]
    source_url: str
    source_name: str | None
    verified_on: dt.date
    note: str | None = None

    def zone_of(self, insee: str) -> str | None:
        return self.zones.get(insee)

    @staticmethod
    def zone_label(zone: str) -> str:
        return ZONES_SHORT.get(zone, zone)

    @staticmethod
    def zone_name(zone: str) -> str:
        return ZONES.get(zone, zone)


@dataclass(frozen=True)
class Aid:
    """An installation aid scheme; its amount is data, with its source and check date."""

    slug: str
    source: str
    name: str
    organisation: str
    amount: int
    conditions: str
    zones: tuple[str, ...]
    professions: tuple[str, ...]
    specialties: tuple[str, ...]
    source_url: str
    source_name: str | None
    verified_on: dt.date
    since: dt.date | None = None
    short_name: str | None = None

    @property
    def amount_label(self) -> str:
        return euros(self.amount)

    @property
    def short_label(self) -> str:
        return self.short_name or self.name

    def applies_to(self, zoning: Zoning, zone: str | None) -> bool:
        """Whether a newcomer of the zoning's profession, in a commune of `zone`, is eligible."""
        if zone not in self.zones or zoning.profession not in self.professions:
            return False
        return not (self.specialties and zoning.specialty
                    and zoning.specialty not in self.specialties)


@dataclass(frozen=True)
class Diagnostic:
    """A territorial diagnostic of the CPTS: the professions and specialties it seeks."""

    slug: str
    source: str
    title: str
    year: int
    sought: tuple[tuple[str, str | None], ...]  # (profession, specialty or None)
    link: str | None = None


@dataclass(frozen=True)
class ReferenceDensities:
    """Published densities per 10,000 inhabitants for an area, to compare the territory with."""

    slug: str
    source: str
    area: str
    year: int
    values: dict[tuple[str, str | None], float]  # (profession, specialty or None) -> density
    source_url: str
    source_name: str | None
    scope: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass
class Campaign:
    """A prevention campaign: current while its period contains the build date, then archived."""

    slug: str
    source: str
    title: str
    start: dt.date
    end: dt.date
    audience: str
    text: str
    summary: str | None = None
    links: tuple[Link, ...] = ()
    structures: tuple[Structure, ...] = ()
    communes: tuple[Commune, ...] = ()

    def status(self, today: dt.date) -> str:
        """« en-cours », « a-venir » or « passee »."""
        if today < self.start:
            return "a-venir"
        return "passee" if today > self.end else "en-cours"

    @property
    def paragraphs(self) -> list[str]:
        """The text's paragraphs (separated by blank lines), each on one line."""
        return [" ".join(block.split()) for block in self.text.split("\n\n") if block.strip()]


@dataclass
class Alert:
    """A site-wide alert: a banner on every page from `start` to `end` (both included)."""

    slug: str
    source: str
    title: str
    level: str
    start: dt.date
    end: dt.date
    message: str
    campaign: Campaign | None = None
    url: str | None = None

    def is_active(self, today: dt.date) -> bool:
        return self.start <= today <= self.end


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
    # The contact service's URL (`cpts contact serve`); None: the page offers e-mail and phone.
    contact_form: str | None = None
    # For the mentions légales; None: « la présidente ou le président de la CPTS ».
    publication_director: str | None = None
    # Named places (resorts, villages, hamlets) -> the communes they lie in (`lieux`).
    localities: dict[str, tuple[Commune, ...]] = field(default_factory=dict)

    def edit_url(self, source: str) -> str:
        """The repository's web editor on one file: « Modifier cette fiche »."""
        return f"{self.repository.rstrip('/')}/edit/{self.branch}/{source}"

    @property
    def population(self) -> int:
        return sum(c.population for c in self.communes.values())

    @property
    def largest_commune(self) -> str:
        """The name of its most populous commune: the example every hint and placeholder uses."""
        if not self.communes:
            return ""
        return max(self.communes.values(), key=lambda c: c.population).name


@dataclass
class Directory:
    territory: Territory
    professionals: list[Professional]
    structures: dict[str, Structure]
    opportunities: list[Opportunity]
    # « S'installer »: diagnostics newest first.
    aids: list[Aid] = field(default_factory=list)
    zonings: list[Zoning] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    densities: list[ReferenceDensities] = field(default_factory=list)
    # Prevention: campaigns by start date; alerts by start date.
    campaigns: list[Campaign] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)


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
        contact_form=t.get("formulaire_contact"),
        publication_director=t.get("directeur_publication"),
        localities={place["nom"]: tuple(communes[code] for code in place["communes"])
                    for place in t.get("lieux", [])},
    )
    structures = {
        doc.slug: _structure(doc.slug, doc.path, doc.data, communes)
        for doc in sorted(raw.entries["structure"], key=lambda d: d.slug)
    }
    professionals = [
        _professional(doc.slug, doc.path, doc.data, communes, structures)
        for doc in raw.entries["professionnel"]
        if doc.data.get("publie", True) is not False  # « publie: false »: not yet confirmed
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
    return Directory(
        territory, professionals, structures, opportunities,
        aids=sorted((_aid(d.slug, d.path, d.data) for d in raw.entries.get("aide", [])),
                    key=lambda a: (-a.amount, a.slug)),
        zonings=[_zoning(d.slug, d.path, d.data) for d in raw.entries.get("zonage", [])],
        diagnostics=sorted((_diagnostic(d.slug, d.path, d.data)
                            for d in raw.entries.get("diagnostic", [])),
                           key=lambda d: (-d.year, d.slug)),
        densities=[_densities(d.slug, d.path, d.data) for d in raw.entries.get("densite", [])],
        **_prevention(raw, communes, structures),
    )


def _point(data: dict[str, float]) -> Point:
    return Point(float(data["lat"]), float(data["lon"]))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _structure(slug: str, source: str, d: dict[str, Any], communes: dict[str, Commune]) -> Structure:
    point = _point(d["coordonnees"])
    outside = _outside(point, communes) if d.get("hors_territoire") else None
    commune = communes[d["commune"]] if outside is None else _national_commune(d["commune"], point)
    return Structure(
        slug=slug, source=source, type=d["type"], name=d["nom"], address=d["adresse"],
        commune=commune, point=point, outside=outside, finess=d.get("finess"),
        phone=d.get("telephone"), email=d.get("email"), website=d.get("site_web"),
        hours=Hours.from_data(d.get("horaires")), services=tuple(d.get("services", [])),
        specialties=tuple(d.get("specialites", [])),
        same_day_care=d.get("soins_non_programmes", False),
        wheelchair_access=d.get("accessible_pmr"), maintainers=tuple(d.get("mainteneurs", [])),
        verified_on=_date(d.get("verifie_le")),
        access=Access.from_data(d.get("acces")), payment=Payment.from_data(d.get("paiement")),
    )


def _outside(point: Point, communes: dict[str, Commune]) -> Outside:
    territory = list(communes.values())
    index, km = nearest_km(point.lat, point.lon, [(c.centre.lat, c.centre.lon) for c in territory])
    return Outside(round(km), territory[index])


def _national_commune(code: str, point: Point) -> Commune:
    """A commune outside the territory, from the national table (its centre: the structure)."""
    national = reference.commune(code)
    assert national is not None, "validation checks the code of a structure outside the territory"
    return Commune(code, national.nom, national.codes_postaux, national.population, point)


def _place(d: dict[str, Any], communes: dict[str, Commune], structures: dict[str, Structure]) -> Place:
    structure = structures.get(d["structure"]) if "structure" in d else None
    common = dict(
        phone=d.get("telephone"), booking_url=d.get("rendez_vous"),
        hours=Hours.from_data(d.get("horaires")), home_visits=d.get("visites_domicile"),
        teleconsultation=d.get("teleconsultation"), wheelchair_access=d.get("accessible_pmr"),
        access=Access.from_data(d.get("acces")),
    )
    if structure is not None:
        common["access"] = common["access"] or structure.access
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
        presentation=d.get("presentation"), payment=Payment.from_data(d.get("paiement")),
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


def _aid(slug: str, source: str, d: dict[str, Any]) -> Aid:
    return Aid(
        slug=slug, source=source, name=d["nom"], organisation=d["organisme"], amount=d["montant"],
        conditions=d["conditions"], zones=tuple(d["zones"]), professions=tuple(d["professions"]),
        specialties=tuple(d.get("specialites", [])), source_url=d["source"],
        source_name=d.get("source_nom"), verified_on=dt.date.fromisoformat(d["verifie_le"]),
        since=_date(d.get("en_vigueur_depuis")), short_name=d.get("nom_court"),
    )


def _zoning(slug: str, source: str, d: dict[str, Any]) -> Zoning:
    return Zoning(
        slug=slug, source=source, profession=d["profession"], specialty=d.get("specialite"),
        label=d["libelle"], zones={c["commune"]: c["zone"] for c in d["communes"]},
        source_url=d["source"], source_name=d.get("source_nom"),
        verified_on=dt.date.fromisoformat(d["verifie_le"]), note=d.get("remarque"),
    )


def _diagnostic(slug: str, source: str, d: dict[str, Any]) -> Diagnostic:
    return Diagnostic(
        slug=slug, source=source, title=d["titre"], year=d["annee"],
        sought=tuple((r["profession"], r.get("specialite")) for r in d["recherches"]),
        link=d.get("lien"),
    )


def _densities(slug: str, source: str, d: dict[str, Any]) -> ReferenceDensities:
    return ReferenceDensities(
        slug=slug, source=source, area=d["territoire"], year=d["annee"],
        values={(v["profession"], v.get("specialite")): float(v["densite"]) for v in d["valeurs"]},
        source_url=d["source"], source_name=d.get("source_nom"), scope=d.get("champ"),
        note=d.get("remarque"),
    )


def _prevention(raw: RawDirectory, communes: dict[str, Commune],
                structures: dict[str, Structure]) -> dict[str, Any]:
    campaigns = {
        doc.slug: Campaign(
            slug=doc.slug, source=doc.path, title=d["titre"], start=dt.date.fromisoformat(d["debut"]),
            end=dt.date.fromisoformat(d["fin"]), audience=d["public"], text=d["texte"],
            summary=d.get("resume"),
            links=tuple(Link(link["titre"], link["url"]) for link in d.get("liens", [])),
            structures=tuple(structures[s] for s in d.get("structures", [])),
            communes=tuple(communes[c] for c in d.get("communes", [])),
        )
        for doc in raw.entries.get("campagne", []) for d in [doc.data]
    }
    alerts = [
        Alert(slug=doc.slug, source=doc.path, title=d["titre"], level=d["niveau"],
              start=dt.date.fromisoformat(d["debut"]), end=dt.date.fromisoformat(d["fin"]),
              message=d["message"], campaign=campaigns.get(d.get("campagne", "")),
              url=d.get("lien"))
        for doc in raw.entries.get("alerte", []) for d in [doc.data]
    ]
    return {
        "campaigns": sorted(campaigns.values(), key=lambda c: (c.start, c.end, c.slug)),
        "alerts": sorted(alerts, key=lambda a: (a.start, a.end, a.slug)),
    }
