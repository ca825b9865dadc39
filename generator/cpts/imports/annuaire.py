"""Reader of the Annuaire Santé open extract (`PS_LibreAcces_Personne_activite`, `…_SavoirFaire`).

Columns are found by their (normalised) header name, so the 52- and the 56-column variants
both read; only the territory's lines are decoded and split (a byte-level prefilter skips the
rest of the 2 million lines).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from .lines import Encoding, column_key, decode, decoded_lines, sniff, split_fields
from .summary import ReadSummary
from .territory import TerritoryFilter

SEPARATOR = "|"

# field of Activity -> header of the column (as published; compared normalised)
ACTIVITY_COLUMNS = {
    "id_type": "Type d'identifiant PP",
    "id_pp": "Identifiant PP",
    "id_national": "Identification nationale PP",
    "civility_code": "Code civilité",
    "last_name": "Nom d'exercice",
    "first_name": "Prénom d'exercice",
    "profession_code": "Code profession",
    "profession_label": "Libellé profession",
    "skill_type": "Code type savoir-faire",
    "skill_code": "Code savoir-faire",
    "skill_label": "Libellé savoir-faire",
    "mode": "Code mode exercice",
    "siret": "Numéro SIRET site",
    "finess_site": "Numéro FINESS site",
    "structure_id": "Identifiant technique de la structure",
    "company_name": "Raison sociale site",
    "trade_name": "Enseigne commerciale site",
    "addressee": "Complément destinataire (coord. structure)",
    "place_name": "Complément point géographique (coord. structure)",
    "street_number": "Numéro Voie (coord. structure)",
    "street_repeat": "Indice répétition voie (coord. structure)",
    "street_type": "Libellé type de voie (coord. structure)",
    "street": "Libellé Voie (coord. structure)",
    "distribution": "Mention distribution (coord. structure)",
    "cedex": "Bureau cedex (coord. structure)",
    "postcode": "Code postal (coord. structure)",
    "insee": "Code commune (coord. structure)",
    "town": "Libellé commune (coord. structure)",
    "phone": "Téléphone (coord. structure)",
    "phone2": "Téléphone 2 (coord. structure)",
    "sector_code": "Code secteur d'activité",
    "sector_label": "Libellé secteur d'activité",
    "pharmacist_section": "Code section tableau pharmaciens",
    "pharmacist_section_label": "Libellé section tableau pharmaciens",
}
# Columns without which a line cannot be used.
REQUIRED = ("id_type", "id_pp", "last_name", "first_name", "profession_code",
            "postcode", "insee", "town")

SKILL_COLUMNS = {
    "id_type": "Type d'identifiant PP",
    "id_pp": "Identifiant PP",
    "profession_code": "Code profession",
    "skill_type": "Code type savoir-faire",
    "skill_code": "Code savoir-faire",
    "skill_label": "Libellé savoir-faire",
}


@dataclass(frozen=True, slots=True)
class Activity:
    """One line of Personne_activite: a person × an activity at a site, in the territory."""

    line: int
    insee: str  # the territory's commune (found by code, or by postcode and town)
    fields: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.fields.get(key, "")

    @property
    def person_key(self) -> tuple[str, str]:
        """("rpps"|"adeli", number)."""
        return ("rpps" if self["id_type"] == "8" else "adeli", self["id_pp"])


@dataclass(frozen=True, slots=True)
class Skill:
    person_key: tuple[str, str]
    skill_type: str
    code: str
    label: str


class ExtractError(Exception):
    """The file is not the expected extract (its header lacks columns): nothing was read."""


def _columns(header: str, wanted: dict[str, str], required: tuple[str, ...],
             file: str) -> tuple[dict[str, int], int]:
    names = [column_key(name) for name in split_fields(header, SEPARATOR)]
    index = {name: i for i, name in enumerate(names)}
    found = {key: index[column_key(title)] for key, title in wanted.items()
             if column_key(title) in index}
    missing = [wanted[key] for key in required if key not in found]
    if missing:
        raise ExtractError(
            f"{file} : la ligne 1 n'a pas les colonnes « {' », « '.join(missing)} » — est-ce bien "
            "le fichier PS_LibreAcces_Personne_activite de l'Annuaire Santé (séparateur |) ?")
    return found, len(names)


def _open(stream: BinaryIO, summary: ReadSummary, wanted: dict[str, str],
          required: tuple[str, ...]) -> tuple[Iterator[tuple[int, bytes]], dict[str, int], int,
                                              Encoding]:
    """The file's remaining lines, the columns found by the names of its header line, their
    count and the file's encoding (also noted in `summary`)."""
    encoding = summary.encoding = sniff(stream)
    lines = decoded_lines(stream, encoding)
    first = next(lines, None)
    if first is None:
        raise ExtractError(f"{summary.file} : le fichier est vide")
    columns, width = _columns(decode(first[1], 1, encoding), wanted, required, summary.file)
    summary.variant = f"{width} colonnes"
    return lines, columns, width, encoding


def read_activities(stream: BinaryIO, territory: TerritoryFilter,
                    summary: ReadSummary) -> Iterator[Activity]:
    """The territory's lines of a Personne_activite file; unreadable ones go to `summary`."""
    lines, columns, width, encoding = _open(stream, summary, ACTIVITY_COLUMNS, REQUIRED)
    keep = territory.prefilter(SEPARATOR.encode()).search
    items = list(columns.items())
    for number, raw in lines:
        summary.lines += 1
        if not raw or not keep(raw):
            continue
        values = split_fields(decode(raw, number, encoding), SEPARATOR)
        if len(values) != width:
            summary.skip(number, f"{len(values)} champs au lieu de {width} (un « | » en trop ou "
                                 "en moins ?)")
            if len(values) > max(columns["id_type"], columns["id_pp"]):
                summary.unreadable_ids.add(("rpps" if values[columns["id_type"]] == "8" else "adeli",
                                            values[columns["id_pp"]]))
            continue
        fields = {key: values[i].strip() for key, i in items}
        postcode = fields["postcode"] or fields.get("cedex", "")[:5]
        town = fields["town"] or fields.get("cedex", "")[5:]
        insee = territory.commune_of(fields["insee"], postcode, town)
        if insee is None:
            continue
        problem = _identity_problem(fields)
        if problem:
            summary.skip(number, problem)
            summary.unreadable_ids.add(("rpps" if fields["id_type"] == "8" else "adeli", fields["id_pp"]))
            continue
        summary.kept += 1
        yield Activity(number, insee, fields)
    _note_unplaced(territory, summary)


def _identity_problem(fields: dict[str, str]) -> str | None:
    if fields["id_type"] not in ("0", "8"):
        return (f"type d'identifiant « {fields['id_type']} » inconnu (8 pour RPPS, 0 pour ADELI)")
    if not fields["id_pp"].isdigit():
        return f"identifiant « {fields['id_pp']} » qui n'est pas un nombre"
    if not fields["last_name"] or not fields["first_name"]:
        return "nom ou prénom d'exercice vide"
    return None


def _note_unplaced(territory: TerritoryFilter, summary: ReadSummary) -> None:
    for (postcode, town), count in sorted(territory.unplaced.items()):
        summary.notes.append(
            f"{count} ligne(s) au code postal {postcode} sans code commune, avec la commune "
            f"« {town} » qui n'est pas dans territoire.yml : ignorées (ajoutez la commune au "
            "territoire si elle en fait partie)")
    territory.unplaced.clear()


def read_skills(stream: BinaryIO, wanted: set[tuple[str, str]],
                summary: ReadSummary) -> Iterator[Skill]:
    """The savoir-faire of the persons in `wanted` from a PS_LibreAcces_SavoirFaire file."""
    lines, columns, width, encoding = _open(stream, summary, SKILL_COLUMNS, tuple(SKILL_COLUMNS))
    numbers = {number.encode() for _, number in wanted}
    id_type, id_pp = columns["id_type"], columns["id_pp"]
    for number, raw in lines:
        summary.lines += 1
        parts = raw.split(b"|", id_pp + 1)
        if len(parts) <= id_pp or parts[id_pp] not in numbers:
            continue
        values = split_fields(decode(raw, number, encoding), SEPARATOR)
        if len(values) != width:
            summary.skip(number, f"{len(values)} champs au lieu de {width}")
            continue
        key = ("rpps" if values[id_type] == "8" else "adeli", values[id_pp])
        if key not in wanted:
            continue
        summary.kept += 1
        yield Skill(key, values[columns["skill_type"]].strip(), values[columns["skill_code"]].strip(),
                    values[columns["skill_label"]].strip())
