"""The controlled vocabulary and the schemas agree, so labels exist for every allowed code."""

from __future__ import annotations

from cpts.directory.schemas import load_schema
from cpts.nomenclature import nomenclature


def enum_of(kind: str, *path: str) -> set[str]:
    node = load_schema(kind)
    for step in path:
        node = node[step]
    return set(node["enum"])


def test_professions_match_the_schema() -> None:
    assert enum_of("professionnel", "properties", "profession") == set(
        nomenclature().professions)


def test_specialties_match_the_schema() -> None:
    codes = {s for p in nomenclature().professions.values() for s in p.specialties}
    assert enum_of("professionnel", "properties", "specialites", "items") == codes
    assert enum_of("opportunite", "properties", "specialites", "items") == codes
    assert enum_of("structure", "properties", "specialites", "items") == codes


def test_structure_types_match_the_schema() -> None:
    assert enum_of("structure", "properties", "type") == set(nomenclature().structure_types)


def test_other_vocabularies_match_the_schema() -> None:
    v = nomenclature()
    assert enum_of("professionnel", "properties", "secteur") == set(v.sectors)
    assert enum_of("professionnel", "properties", "langues", "items") == set(v.languages)
    assert enum_of("opportunite", "properties", "type") == set(v.opportunity_types)
    statut = load_schema("professionnel")["properties"]["nouveaux_patients"]["properties"]
    assert set(statut["statut"]["enum"]) == set(v.new_patients)


def test_a_specialty_code_belongs_to_one_profession_only() -> None:
    seen: dict[str, str] = {}
    for profession in nomenclature().professions.values():
        for code in profession.specialties:
            assert code not in seen, f"{code} in {seen.get(code)} and {profession.code}"
            seen[code] = profession.code
