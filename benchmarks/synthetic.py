"""A synthetic but valid directory of any size, for benchmarks and scale tests.

`make_directory(n, out)` writes n entries (about 85 % professionals, 15 % structures) plus a
handful of opportunities into `out/`, around the territory of a real directory folder (its
territoire.yml and communes GeoJSON are copied). Names are obviously fictional, built from
short syllables; identifiers, phone numbers, coordinates and dates all pass `cpts validate`.

    python benchmarks/synthetic.py 1000 /tmp/directory [--territory DIR] [--seed 0]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from stdnum import luhn

from cpts.phones import parse_french
from cpts.territory.geo import Area
from cpts.text import slugify

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TERRITORY = ROOT / "tests" / "examples" / "base"
TODAY = dt.date(2026, 11, 23)

# Professions and their weights, roughly as in a French rural/mountain territory
# (DREES densities): many nurses, GPs, physiotherapists and pharmacists, few specialists.
PROFESSIONS: dict[str, float] = {
    "infirmier": 28,
    "medecin": 20,
    "masseur-kinesitherapeute": 14,
    "pharmacien": 9,
    "chirurgien-dentiste": 6,
    "psychologue": 5,
    "sage-femme": 3,
    "orthophoniste": 3,
    "pedicure-podologue": 2,
    "dieteticien": 1.5,
    "opticien-lunetier": 1.5,
    "orthoptiste": 1,
    "ergotherapeute": 1,
    "psychomotricien": 1,
    "audioprothesiste": 0.7,
}
# Specialty weights within a profession; "" means no specialty written.
SPECIALTIES: dict[str, dict[str, float]] = {
    "medecin": {
        "medecine-generale": 62, "psychiatrie": 4, "radiologie": 3, "anesthesie-reanimation": 3,
        "cardiologie": 3, "pediatrie": 3, "medecine-urgence": 3, "ophtalmologie": 2,
        "gynecologie-obstetrique": 2, "dermatologie": 1.5, "gastro-enterologie": 1.5,
        "geriatrie": 1.5, "rhumatologie": 1, "pneumologie": 1, "orl": 1, "neurologie": 1,
        "chirurgie-orthopedique": 1, "chirurgie-generale": 1, "endocrinologie": 0.7,
        "medecine-interne": 0.7, "medecine-physique-readaptation": 0.7, "nephrologie": 0.5,
        "oncologie": 0.5, "urologie": 0.5, "medecine-vasculaire": 0.5, "allergologie": 0.3,
        "gynecologie-medicale": 0.3,
    },
    "chirurgien-dentiste": {"omnipratique": 85, "orthopedie-dento-faciale": 10,
                            "chirurgie-orale": 5},
    "pharmacien": {"officine": 85, "biologie-medicale": 8, "pharmacie-hospitaliere": 7},
    "infirmier": {"soins-generaux": 82, "pratique-avancee": 5, "puericulture": 6, "asalee": 7},
    "masseur-kinesitherapeute": {"": 60, "sport": 15, "respiratoire": 12, "perineale": 8,
                                 "vestibulaire": 5},
    "psychologue": {"clinique": 60, "neuropsychologie": 20, "enfant-adolescent": 20},
}
STRUCTURE_TYPES: dict[str, float] = {
    "pharmacie": 30, "cabinet": 25, "msp": 8, "ehpad": 8, "centre-sante": 5, "laboratoire": 5,
    "radiologie": 4, "ssiad": 4, "cmp": 3, "pmi": 3, "centre-hospitalier": 2, "clinique": 2,
    "maison-medicale-garde": 1,
}
STRUCTURE_NAMES = {
    "pharmacie": "Pharmacie", "cabinet": "Cabinet", "msp": "Maison de santé",
    "ehpad": "EHPAD", "centre-sante": "Centre de santé", "laboratoire": "Laboratoire",
    "radiologie": "Imagerie", "ssiad": "SSIAD", "cmp": "CMP", "pmi": "PMI",
    "centre-hospitalier": "Centre hospitalier", "clinique": "Clinique",
    "maison-medicale-garde": "Maison médicale de garde",
}
# Where professionals who practise in a structure are found (others: any practice structure).
PRACTICE_TYPES = ("msp", "cabinet", "centre-sante", "centre-hospitalier", "clinique")
STRUCTURE_OF = {"pharmacien": ("pharmacie", "laboratoire", "centre-hospitalier")}
OPPORTUNITY_TYPES = ("remplacement", "collaboration", "association", "cession",
                     "local-disponible", "poste-salarie")
LANGUAGES = ("en", "it", "es", "de", "pt", "ar")
SKILLS = ("Échographie", "Médecine du sport", "Éducation thérapeutique", "Soins palliatifs",
          "Plaies et cicatrisation", "Hypnose", "Tabacologie", "Addictologie")
HOURS = ("08:00-12:00, 14:00-19:00", "08:30-12:30, 14:00-18:30", "09:00-12:00",
         "08:00-19:00", "14:00-19:00")
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")

# Syllables of the fictional names: « Balmiro », « Élina »…
NAME_SYLLABLES = ("ba", "ro", "mi", "lan", "ter", "vel", "du", "cha", "so", "ri", "mon",
                  "tal", "gue", "no", "pi", "sar", "bel", "fon", "ti", "ver")
FIRST_SYLLABLES = ("a", "é", "li", "ma", "jo", "lu", "na", "ca", "to", "mé", "ro", "sa")
FIRST_ENDINGS = ("na", "ne", "lie", "ric", "bin", "lo", "zoé", "an", "el", "line")
STREETS = ("rue", "avenue", "chemin", "place", "route", "impasse")


@dataclass(frozen=True)
class Counts:
    """How many files of each kind `make_directory(n, …)` writes."""

    professionals: int
    structures: int
    opportunities: int


def counts(n: int) -> Counts:
    """85 % professionals, 15 % structures (at least one), plus 3 to 10 opportunities."""
    if n < 2:
        raise ValueError("n must be at least 2 (one structure, one professional)")
    structures = max(1, round(n * 0.15))
    return Counts(n - structures, structures, min(10, max(3, n // 200)))


@dataclass(frozen=True)
class Commune:
    insee: str
    name: str
    population: int
    lat: float
    lon: float


class _Generator:
    """Random but reproducible values that the validator accepts."""

    def __init__(self, territory_dir: Path, seed: int) -> None:
        self.rng = random.Random(seed)
        territory: dict[str, Any] = yaml.safe_load(
            (territory_dir / "territoire.yml").read_text("utf-8"))
        self.communes = [
            Commune(str(c["insee"]), c["nom"], int(c["population"]),
                    float(c["centre"]["lat"]), float(c["centre"]["lon"]))
            for c in territory["communes"]
        ]
        # Small communes still get a few entries: weight by population, with a floor.
        self.commune_weights = [max(c.population, 300) for c in self.communes]
        contours = territory.get("contours")
        self.area: Area | None = None
        if contours:
            self.area = Area.from_geojson(json.loads((territory_dir / contours).read_text("utf-8")))
        self.used_numbers: set[str] = set()
        self.used_slugs: set[str] = set()

    # -- small pieces -------------------------------------------------------------------

    def weighted(self, weights: dict[str, float]) -> str:
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def commune(self) -> Commune:
        return self.rng.choices(self.communes, self.commune_weights)[0]

    def point(self, commune: Commune) -> dict[str, float]:
        """A point near the commune centre that the territory check accepts."""
        for spread in (0.004, 0.002, 0.0005):
            for _ in range(20):
                lat = round(commune.lat + self.rng.uniform(-spread, spread), 5)
                lon = round(commune.lon + self.rng.uniform(-spread, spread), 5)
                if self.area is None or self.area.contains(lat, lon, [commune.insee]):
                    return {"lat": lat, "lon": lon}
        lat, lon = round(commune.lat, 5), round(commune.lon, 5)
        if self.area is not None and not self.area.contains(lat, lon, [commune.insee]):
            raise ValueError(f"the centre of {commune.name} is outside its polygon")
        return {"lat": lat, "lon": lon}

    def phone(self) -> str:
        while True:
            digits = f"{self.rng.randrange(1_000_000):06d}"
            number = f"04 92 {digits[0:2]} {digits[2:4]} {digits[4:6]}"
            if parse_french(number) is not None:
                return number

    def unique_number(self, prefix: str, length: int, key: bool) -> str:
        """A new identifier of `length` digits starting with `prefix` (Luhn key if `key`)."""
        body_length = length - len(prefix) - (1 if key else 0)
        while True:
            body = prefix + f"{self.rng.randrange(10 ** body_length):0{body_length}d}"
            number = body + luhn.calc_check_digit(body) if key else body
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                return number

    def unique_slug(self, base: str) -> str:
        slug, suffix = base, 1
        while slug in self.used_slugs:
            suffix += 1
            slug = f"{base}-{suffix}"
        self.used_slugs.add(slug)
        return slug

    def last_name(self) -> str:
        syllables = self.rng.choices(NAME_SYLLABLES, k=self.rng.choice((2, 3)))
        return "".join(syllables).capitalize()

    def first_name(self) -> str:
        return (self.rng.choice(FIRST_SYLLABLES) + self.rng.choice(FIRST_ENDINGS)).capitalize()

    def address(self) -> str:
        street = self.rng.choice(STREETS)
        return f"{self.rng.randint(1, 120)} {street} {self.last_name()}"

    def checked_on(self) -> str:
        return (TODAY - dt.timedelta(days=self.rng.randint(0, 182))).isoformat()

    def hours(self) -> dict[str, str]:
        span = self.rng.choice(HOURS)
        days = DAYS[: self.rng.choice((5, 5, 6))]
        return dict.fromkeys(days, span)

    # -- entries ------------------------------------------------------------------------

    def structure(self, index: int) -> tuple[str, dict[str, Any]]:
        kind = self.weighted(STRUCTURE_TYPES)
        commune = self.commune()
        name = f"{STRUCTURE_NAMES[kind]} {self.last_name()} {commune.name}"
        slug = self.unique_slug(slugify(name))
        data: dict[str, Any] = {"type": kind, "nom": name}
        if self.rng.random() < 0.6:
            data["finess"] = self.unique_number("05", 9, key=True)
        data |= {
            "adresse": self.address(),
            "commune": commune.insee,
            "coordonnees": self.point(commune),
            "telephone": self.phone(),
        }
        if self.rng.random() < 0.5:
            data["email"] = f"contact@{slug}.example"
        if self.rng.random() < 0.3:
            data["site_web"] = f"https://www.{slug}.example/"
        data["horaires"] = self.hours()
        if kind in ("msp", "centre-sante", "centre-hospitalier", "clinique"):
            data["services"] = self.rng.sample(SKILLS, k=3)
        if kind in ("maison-medicale-garde", "centre-hospitalier") or self.rng.random() < 0.1:
            data["soins_non_programmes"] = True
        data["accessible_pmr"] = self.rng.random() < 0.8
        data["verifie_le"] = self.checked_on()
        return slug, data

    def professional(self, structures: dict[str, list[str]]) -> tuple[str, dict[str, Any]]:
        profession = self.weighted(PROFESSIONS)
        nom, prenom = self.last_name(), self.first_name()
        slug = self.unique_slug(slugify(f"{nom}-{prenom}"))
        data: dict[str, Any] = {"civilite": self.rng.choice(("Mme", "M.")), "nom": nom,
                                "prenom": prenom}
        if profession == "psychologue" and self.rng.random() < 0.5:
            data["adeli"] = self.unique_number("05", 9, key=False)
        else:
            data["rpps"] = self.unique_number("10", 11, key=True)
        data["profession"] = profession
        if profession in SPECIALTIES:
            specialty = self.weighted(SPECIALTIES[profession])
            if specialty:
                data["specialites"] = [specialty]
        if self.rng.random() < 0.15:
            data["competences"] = self.rng.sample(SKILLS, k=self.rng.randint(1, 3))
        data["lieux"] = [self.place(profession, nom, structures)]
        if self.rng.random() < 0.1:
            data["lieux"].append(self.place(profession, nom, structures))
        if profession == "medecin":
            data["nouveaux_patients"] = {"statut": self.rng.choice(("oui", "non", "liste-attente")),
                                         "publie": self.rng.random() < 0.7}
            data["secteur"] = self.rng.choices(("secteur-1", "secteur-2"), (85, 15))[0]
            if data["secteur"] == "secteur-2":
                data["optam"] = self.rng.random() < 0.5
        if self.rng.random() < 0.3:
            data["soins_non_programmes"] = True
        data["carte_vitale"] = self.rng.random() < 0.95
        data["langues"] = ["fr", *self.rng.sample(LANGUAGES, k=self.rng.choice((0, 0, 1, 2)))]
        data["membre_cpts"] = self.rng.random() < 0.6
        if self.rng.random() < 0.2:
            data["mainteneurs"] = [slug[:39].strip("-")]
        data["verifie_le"] = self.checked_on()
        return slug, data

    def place(self, profession: str, nom: str, structures: dict[str, list[str]]) -> dict[str, Any]:
        """~40 % of places are a structure of the directory, the others an address."""
        if self.rng.random() < 0.4:
            kinds = STRUCTURE_OF.get(profession, PRACTICE_TYPES)
            pool = [s for kind in kinds for s in structures.get(kind, [])]
            pool = pool or [s for slugs in structures.values() for s in slugs]
            place: dict[str, Any] = {"structure": self.rng.choice(pool)}
            if self.rng.random() < 0.3:
                place["telephone"] = self.phone()
        else:
            commune = self.commune()
            place = {"nom": f"Cabinet {nom}", "adresse": self.address(),
                     "commune": commune.insee, "coordonnees": self.point(commune),
                     "telephone": self.phone(), "horaires": self.hours()}
        if self.rng.random() < 0.3:
            place["rendez_vous"] = f"https://rdv.example.org/{self.rng.randrange(10**6)}"
        if profession in ("medecin", "infirmier", "masseur-kinesitherapeute"):
            place["visites_domicile"] = self.rng.random() < 0.5
        if self.rng.random() < 0.2:
            place["teleconsultation"] = True
        return place

    def opportunity(self, index: int, structures: Sequence[str]) -> tuple[str, dict[str, Any]]:
        kind = OPPORTUNITY_TYPES[index % len(OPPORTUNITY_TYPES)]
        profession = self.weighted(PROFESSIONS)
        commune = self.commune()
        title = f"Offre {index + 1} : {profession.replace('-', ' ')} à {commune.name}"
        slug = self.unique_slug(slugify(title))
        data: dict[str, Any] = {
            "type": kind,
            "titre": title,
            "description": f"Offre fictive numéro {index + 1}, générée pour les mesures de "
                           "performance.",
            "commune": commune.insee,
        }
        if structures and self.rng.random() < 0.5:
            data["structure"] = self.rng.choice(structures)
        data["professions"] = [profession]
        published = TODAY - dt.timedelta(days=self.rng.randint(0, 60))
        data["publie_le"] = published.isoformat()
        data["expire_le"] = (TODAY + dt.timedelta(days=self.rng.randint(30, 300))).isoformat()
        data["contact"] = {"nom": "Secrétariat de la CPTS", "telephone": self.phone()}
        return slug, data


def make_directory(n: int, out: Path, seed: int = 0,
                   territory: Path = DEFAULT_TERRITORY) -> Path:
    """Write a valid directory of n entries (+ opportunities) into `out`; return `out`.

    `territory` is a directory folder whose territoire.yml (and its GeoJSON contours) are
    copied; entries are spread over its communes by population.
    """
    wanted = counts(n)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(territory / "territoire.yml", out / "territoire.yml")
    gen = _Generator(territory, seed)
    contours = yaml.safe_load((territory / "territoire.yml").read_text("utf-8")).get("contours")
    if contours:
        (out / contours).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(territory / contours, out / contours)

    by_type: dict[str, list[str]] = {}
    files: dict[str, list[tuple[str, dict[str, Any]]]] = {
        "structures": [], "professionnels": [], "opportunites": []}
    for index in range(wanted.structures):
        slug, data = gen.structure(index)
        by_type.setdefault(data["type"], []).append(slug)
        files["structures"].append((slug, data))
    for _ in range(wanted.professionals):
        files["professionnels"].append(gen.professional(by_type))
    all_structures = [slug for slug, _ in files["structures"]]
    for index in range(wanted.opportunities):
        files["opportunites"].append(gen.opportunity(index, all_structures))

    for folder, entries in files.items():
        target = out / folder
        target.mkdir(exist_ok=True)
        for slug, data in entries:
            text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
            (target / f"{slug}.yml").write_text(text, encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of professionals + structures")
    parser.add_argument("out", type=Path, help="the directory folder to write")
    parser.add_argument("--territory", type=Path, default=DEFAULT_TERRITORY,
                        help="folder with territoire.yml and its GeoJSON (default: the test "
                             "fixture, tests/examples/base)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    make_directory(args.n, args.out, args.seed, args.territory)
    c = counts(args.n)
    print(f"{args.out}: {c.professionals} professionals, {c.structures} structures, "
          f"{c.opportunities} opportunities")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
