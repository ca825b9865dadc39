"""One import: read the extract, build the registry's entries, merge them into directory/."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAMLError

from ..directory.load import FOLDERS, RawDirectory, load_directory
from ..nomenclature import nomenclature
from ..territory.geo import Area
from ..text import slugify
from . import annuaire, entries, finess
from .entries import Imported, Skipped
from .mapping import Mapping, load_mapping
from .merge import Changes, merge, plain, record_of
from .sources import SourceError, has_member, open_extract
from .summary import ReadSummary
from .territory import TerritoryFilter
from .writer import RECORD_KEY, dump, load, new_file, record, set_record
from .yamlvalues import node

ANNUAIRE = "Annuaire Santé (ANS), extraction en libre accès"
FINESS = "FINESS, extraction des établissements"


class ImportFailed(Exception):
    """The import could not start (no territory, unreadable file): nothing was written."""


@dataclass
class Outcome:
    """What an import did, for the summary and the report."""

    source: str
    extracted_on: dt.date
    summaries: list[ReadSummary] = field(default_factory=list)
    created: list[tuple[Imported, str]] = field(default_factory=list)
    updated: list[tuple[Imported, str, Changes]] = field(default_factory=list)
    kept: list[tuple[Imported, str, Changes]] = field(default_factory=list)  # edits that won
    gone: list[tuple[str, str]] = field(default_factory=list)  # (name, path), newly absent
    still_gone: int = 0
    unknown_codes: list[str] = field(default_factory=list)
    skipped: Skipped = field(default_factory=Skipped)
    notes: list[str] = field(default_factory=list)
    unpublished: bool = False


def _territory(raw: RawDirectory) -> TerritoryFilter:
    if raw.territory is None or raw.territory.path in raw.invalid:
        raise ImportFailed(f"{raw.root}/territoire.yml est absent ou invalide : lancez « cpts "
                           "validate » et corrigez-le avant d'importer")
    return TerritoryFilter.from_territory(raw.territory.data)


def _settings(raw: RawDirectory) -> dict[str, Any]:
    assert raw.territory is not None
    return dict(raw.territory.data.get("import") or {})


def import_annuaire(root: Path, extract: Path, skills_file: Path | None,
                    extracted_on: dt.date) -> Outcome:
    raw = load_directory(root)
    territory = _territory(raw)
    mapping = load_mapping()
    outcome = Outcome(ANNUAIRE, extracted_on,
                      unpublished=_settings(raw).get("publication", "apres-confirmation") != "immediate")
    structures = {d.slug: d.data for d in raw.entries["structure"] if isinstance(d.data, dict)}
    try:
        with open_extract(extract, "Personne_activite") as (stream, name):
            summary = ReadSummary(name)
            outcome.summaries.append(summary)
            people = entries.group_by_person(annuaire.read_activities(stream, territory, summary))
        skills: dict[tuple[str, str], list[annuaire.Skill]] = {}
        skills_source = skills_file or (extract if has_member(extract, "SavoirFaire") else None)
        if skills_source is not None:
            with open_extract(skills_source, "SavoirFaire") as (stream, name):
                summary = ReadSummary(name)
                outcome.summaries.append(summary)
                for skill in annuaire.read_skills(stream, set(people), summary):
                    skills.setdefault(skill.person_key, []).append(skill)
    except (SourceError, annuaire.ExtractError) as exc:
        raise ImportFailed(str(exc)) from None
    imported = []
    for key, activities in people.items():
        entry = entries.professional(activities, skills.get(key, []), mapping, territory, structures,
                                     outcome.skipped)
        if entry is not None:
            imported.append(entry)
    present = set(people) | {key for s in outcome.summaries for key in s.unreadable_ids}
    _apply(raw, "professionnel", imported, outcome, mapping, present)
    return outcome


def import_finess(root: Path, extract: Path, extracted_on: dt.date) -> Outcome:
    raw = load_directory(root)
    territory = _territory(raw)
    mapping = load_mapping()
    outcome = Outcome(FINESS, extracted_on)
    positions = finess.Positions()
    try:
        with open_extract(extract, "cs1100507") as (stream, name):
            summary = ReadSummary(name)
            outcome.summaries.append(summary)
            establishments = finess.read_establishments(stream, territory, summary, positions)
    except SourceError as exc:
        raise ImportFailed(str(exc)) from None
    area = Area.from_geojson(raw.boundaries) if raw.boundaries else None
    outside = []
    for establishment in establishments:
        point = establishment.position
        if point and area and not (area.contains(point["lat"], point["lon"], [establishment.insee])
                                   or area.contains(point["lat"], point["lon"])):
            outside.append(establishment["nofinesset"])
            establishment.position = None
    _position_notes(positions, outside, outcome)
    imported = [e for e in (entries.structure(x, mapping, territory, outcome.skipped)
                            for x in establishments) if e is not None]
    present = {("finess", e["nofinesset"]) for e in establishments}
    _apply(raw, "structure", imported, outcome, mapping, present)
    return outcome


def _position_notes(positions: finess.Positions, outside: list[str], outcome: Outcome) -> None:
    if positions.swapped:
        outcome.notes.append(f"coordonnées X et Y inversées dans le fichier, corrigées : FINESS "
                             f"{', '.join(positions.swapped)}")
    for system, count in positions.unknown_systems.items():
        outcome.notes.append(f"{count} position(s) dans un système de coordonnées inconnu "
                             f"« {system} » : centre de la commune utilisé")
    if positions.out_of_range:
        outcome.notes.append("coordonnées hors de la zone de leur système (ni dans un sens ni dans "
                             f"l'autre) : FINESS {', '.join(positions.out_of_range)} ; centre de la "
                             "commune utilisé")
    if outside:
        outcome.notes.append(f"position hors des communes du territoire : FINESS {', '.join(outside)} ;"
                             " centre de la commune utilisé")


def _apply(raw: RawDirectory, kind: str, imported: list[Imported], outcome: Outcome,
           mapping: Mapping, present: set[tuple[str, str]]) -> None:
    """Create, update and flag entries; write only the files whose text changes. `present`:
    every identifier the extract lists in the territory, imported or not (never « gone »)."""
    outcome.unknown_codes = mapping.unknown_messages()
    folder = raw.root / FOLDERS[kind]
    read = {doc.path for doc in raw.entries[kind] if isinstance(doc.data, dict)}
    unreadable = [raw.display(p) for p in sorted(folder.glob("*.yml")) if raw.display(p) not in read] \
        if folder.is_dir() else []
    if unreadable:
        raise ImportFailed(f"{', '.join(unreadable)} : fichier illisible (lancez « cpts validate ») — "
                           "corrigez-le avant d'importer, sinon sa fiche serait créée une seconde "
                           "fois ; aucun fichier n'a été écrit")
    existing: dict[tuple[str, str], Path] = {}
    for doc in raw.entries[kind]:
        data = doc.data if isinstance(doc.data, dict) else {}
        for name in ("rpps", "adeli", "finess"):
            if isinstance(data.get(name), str):
                existing[(name, data[name])] = raw.root.resolve().parent / doc.path
    taken = {p.stem for p in folder.glob("*.yml")} if folder.is_dir() else set()
    seen = set(present)
    for entry in imported:
        seen.add(entry.identifier)
        path = existing.get(entry.identifier)
        if path is None:
            path = folder / f"{_free_slug(entry, taken)}.yml"
            folder.mkdir(parents=True, exist_ok=True)
            unpublished = outcome.unpublished and kind == "professionnel"
            path.write_text(new_file(entry, outcome.source, outcome.extracted_on, unpublished), "utf-8")
            outcome.created.append((entry, raw.display(path)))
            continue
        _update(path, entry, outcome, raw)
    for identifier, path in existing.items():
        if identifier not in seen:
            _flag_absent(path, outcome, raw)


def _free_slug(entry: Imported, taken: set[str]) -> str:
    base = slugify(f"{entry.values['nom']}-{entry.values['prenom']}") if entry.kind == "professionnel" \
        else slugify(entry.values["nom"])
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def _update(path: Path, entry: Imported, outcome: Outcome, raw: RawDirectory) -> None:
    before = path.read_text("utf-8")
    try:
        data = load(path)
    except YAMLError as exc:
        outcome.notes.append(f"{raw.display(path)} : fichier illisible ({type(exc).__name__}), "
                             "laissé tel quel — lancez « cpts validate » et corrigez-le")
        return
    block = data.get(RECORD_KEY)
    old = plain(block.get("valeurs")) if isinstance(block, dict) and block.get("source") == \
        outcome.source else None
    changes = merge(data, entry, old)
    now = record_of(entry)
    if old != now or (isinstance(block, dict) and "absent_le" in block):
        set_record(data, record(outcome.source, outcome.extracted_on, now))
    after = dump(data)
    if after != before:
        path.write_text(after, "utf-8")
    if changes:
        outcome.updated.append((entry, raw.display(path), changes))
    if changes.kept:
        outcome.kept.append((entry, raw.display(path), changes))


def _flag_absent(path: Path, outcome: Outcome, raw: RawDirectory) -> None:
    """An imported entry the registry no longer lists here: proposed for review, never deleted."""
    try:
        data = load(path)
    except YAMLError:
        return  # reported by « cpts validate »
    block = data.get(RECORD_KEY)
    if not isinstance(block, dict) or block.get("source") != outcome.source:
        return  # a member's own entry: the registry never listed it
    name = f"{data.get('prenom', '')} {data.get('nom', '')}".strip()
    if "absent_le" in block:
        outcome.still_gone += 1
        return
    block["absent_le"] = node(outcome.extracted_on.isoformat())
    path.write_text(dump(data), "utf-8")
    outcome.gone.append((name, raw.display(path)))


def profession_label(entry: Imported) -> str:
    if entry.kind != "professionnel":
        return nomenclature().structure_types[entry.values["type"]].label
    return nomenclature().professions[entry.values["profession"]].label_for(entry.values["civilite"])
