"""The controlled vocabulary (professions, specialties, structure types) and its French labels."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class Profession:
    code: str
    label: str
    plural: str
    schema_org: str
    title: str | None
    specialties: dict[str, str]
    feminine: str | None = None

    def label_for(self, civility: str) -> str:
        """« Infirmière » for Mme, « Infirmier » for M."""
        return self.feminine if civility == "Mme" and self.feminine else self.label


@dataclass(frozen=True)
class StructureType:
    code: str
    label: str
    short: str
    schema_org: str
    plural: str = ""


@dataclass(frozen=True)
class Nomenclature:
    professions: dict[str, Profession]
    structure_types: dict[str, StructureType]
    opportunity_types: dict[str, str]
    new_patients: dict[str, str]
    new_patients_gp: dict[str, str]  # the same statuses, said for a « médecin traitant »
    sectors: dict[str, str]
    days: dict[str, str]
    languages: dict[str, str]

    def specialty_label(self, code: str) -> str:
        for profession in self.professions.values():
            if code in profession.specialties:
                return profession.specialties[code]
        return code

    def profession_of_specialty(self, code: str) -> str | None:
        for profession in self.professions.values():
            if code in profession.specialties:
                return profession.code
        return None


@cache
def nomenclature() -> Nomenclature:
    text = resources.files(__package__).joinpath("data/nomenclature.yml").read_text("utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    return Nomenclature(
        professions={
            code: Profession(code, p["label"], p["pluriel"], p["schema_org"], p.get("titre"),
                             dict(p.get("specialites") or {}), p.get("feminin"))
            for code, p in raw["professions"].items()
        },
        structure_types={
            code: StructureType(code, s["label"], s["court"], s["schema_org"],
                                s.get("pluriel", s["label"]))
            for code, s in raw["structures"].items()
        },
        opportunity_types=dict(raw["opportunites"]),
        new_patients=dict(raw["nouveaux_patients"]),
        new_patients_gp=dict(raw["nouveaux_patients_medecin_traitant"]),
        sectors=dict(raw["secteurs"]),
        days=dict(raw["jours"]),
        languages=dict(raw["langues"]),
    )
