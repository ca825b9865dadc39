"""The demo directory: the real Grand Briançonnais, fictional people, valid data."""

from __future__ import annotations

from collections import Counter

from cpts.directory.problems import errors
from cpts.directory.validate import validate_directory
from cpts.model import build_model

from .conftest import ROOT, TODAY

# CC du Briançonnais (240500439) and CC du Pays des Écrins (240500462), COG 2026.
GRAND_BRIANCONNAIS = {
    "05006", "05023", "05027", "05031", "05058", "05063", "05079", "05085", "05093", "05101",
    "05107", "05109", "05110", "05122", "05133", "05151", "05161", "05174", "05180", "05181",
    "05183",
}
LACKING = {"ophtalmologie", "dermatologie", "pediatrie", "cardiologie"}


def demo():
    raw, problems = validate_directory(ROOT / "directory", TODAY)
    assert errors(problems) == [], "\n".join(p.format_text() for p in errors(problems))
    return build_model(raw)


def test_demo_territory_is_the_grand_brianconnais() -> None:
    directory = demo()
    assert set(directory.territory.communes) == GRAND_BRIANCONNAIS
    assert directory.territory.population == 26_138  # populations légales, COG 2026


def test_demo_size_and_variety() -> None:
    directory = demo()
    assert len(directory.professionals) >= 80
    assert len(directory.structures) >= 20
    kinds = Counter((p.profession, p.specialties[:1]) for p in directory.professionals)
    assert len(kinds) >= 15
    assert len(directory.opportunities) >= 3


def test_demo_reflects_the_specialties_the_territory_lacks() -> None:
    directory = demo()
    present = {s for p in directory.professionals for s in p.specialties}
    assert not present & LACKING


def test_demo_phone_numbers_cannot_ring_a_real_person() -> None:
    # ARCEP reserves 04 65 71 00 00 – 04 65 71 99 99 for works of fiction.
    directory = demo()
    phones = [directory.territory.phone]
    phones += [place.phone for p in directory.professionals for place in p.places if place.phone]
    phones += [s.phone for s in directory.structures.values() if s.phone]
    assert len(phones) > 60
    assert all(phone.startswith("04 65 71 ") for phone in phones)
