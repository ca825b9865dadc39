"""`cpts init`: a complete site repository for a territory given by INSEE codes."""

from __future__ import annotations

import json
import string
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import yaml

from .. import __version__
from . import boundaries, reference
from .placeholders import TERRITORY_PLACEHOLDERS
from .reference import Commune

SKELETON = files("cpts.territory") / "skeleton"
# Folders of the directory an entry can go into (each kept in Git by a .gitkeep).
ENTRY_FOLDERS = ("professionnels", "structures", "alertes", "campagnes", "opportunites", "aides")
# Skeleton files whose name differs in the repository (package data cannot start with a dot).
RENAMED = {"gitignore": ".gitignore", "github": ".github"}


class InitFailed(Exception):
    """A French message for the user; nothing was written."""


@dataclass(frozen=True)
class InitResult:
    communes: list[Commune]
    boundaries_source: str


def select_communes(codes: list[str], sirens: list[str]) -> list[Commune]:
    known = reference.communes()
    problems: list[str] = []
    chosen: dict[str, Commune] = {}
    for code in codes:
        if code in known:
            chosen[code] = known[code]
        else:
            problems.append(_unknown("commune", code, reference.suggestions(code, known)))
    for siren in sirens:
        members = reference.members(siren)
        if not members:
            problems.append(_unknown("EPCI", siren, reference.suggestions(siren, reference.epcis())))
        chosen.update((c.insee, c) for c in members)
    if problems:
        raise InitFailed("\n".join(problems))
    if not chosen:
        raise InitFailed("aucune commune : donnez --communes CODE,CODE… (codes INSEE) ou "
                         "--epci SIREN,… (toutes les communes de l'EPCI)")
    return sorted(chosen.values(), key=lambda c: c.insee)


def _unknown(kind: str, code: str, close: list[str]) -> str:
    label = "code INSEE de commune" if kind == "commune" else "SIREN d'EPCI"
    hint = (" — vouliez-vous dire " + " ou ".join(f"« {c} » ({_name(c)})" for c in close) + " ?"
            if close else "")
    return f"« {code} » : {label} inconnu dans le référentiel national{hint}"


def _name(code: str) -> str:
    commune = reference.commune(code)
    epci = reference.epcis().get(code)
    return commune.nom if commune else epci.nom if epci else ""


def init_site(folder: Path, name: str, codes: list[str], sirens: list[str],
              contours: Path | None = None, offline: bool = False) -> InitResult:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InitFailed(f"{folder} : ce dossier n'est pas vide — choisissez un nouveau dossier "
                         "(cpts init ne remplace aucun fichier)")
    communes = select_communes(codes, sirens)
    shapes, source = _boundaries([c.insee for c in communes], contours, offline)
    folder.mkdir(parents=True, exist_ok=True)
    _write_skeleton(folder, _values(name, communes, source))
    directory = folder / "directory"
    for sub in ENTRY_FOLDERS:
        (directory / sub).mkdir(parents=True, exist_ok=True)
        (directory / sub / ".gitkeep").write_text("")
    (directory / "territoire.yml").write_text(territory_yaml(name, communes, shapes, source),
                                              encoding="utf-8")
    (directory / "communes.geojson").write_text(_geojson(communes, shapes), encoding="utf-8")
    (folder / ".cpts-version").write_text(f"{__version__}\n", encoding="utf-8")
    return InitResult(communes, source)


def _boundaries(codes: list[str], contours: Path | None, offline: bool) -> tuple[dict, str]:
    try:
        if contours is not None:
            return boundaries.from_file(contours, codes), f"le fichier {contours.name}"
    except boundaries.BoundariesMissing as exc:
        raise InitFailed(str(exc)) from exc
    if offline:
        raise InitFailed("hors ligne, cpts ne connaît ni les contours ni les centres des "
                         "communes : donnez un fichier GeoJSON des communes avec --contours "
                         "FICHIER (par exemple un export IGN Admin Express)")
    try:
        return boundaries.from_api(codes), "l'API Découpage administratif (geo.api.gouv.fr)"
    except (OSError, ValueError) as exc:
        raise InitFailed(f"l'API geo.api.gouv.fr ne répond pas ({exc}) : donnez les contours "
                         "avec --contours FICHIER (GeoJSON des communes)") from exc


def _values(name: str, communes: list[Commune], source: str) -> dict[str, str]:
    data = reference.source()
    return {
        "nom": name, "nombre": str(len(communes)), "version": __version__,
        "sources": (f"- Communes, codes postaux, populations : paquet npm {data['paquet']}"
                    f"@{data['version']}, {data['licence']}.\n- Contours des communes : {source}."),
    }


def _write_skeleton(folder: Path, values: dict[str, str]) -> None:
    def copy(node, target: Path) -> None:  # type: ignore[no-untyped-def]
        for child in node.iterdir():
            path = target / RENAMED.get(child.name, child.name)
            if child.is_dir():
                path.mkdir(parents=True, exist_ok=True)
                copy(child, path)
            elif not child.name.endswith(".pyc"):
                path.write_text(string.Template(child.read_text(encoding="utf-8"))
                                .safe_substitute(values), encoding="utf-8")

    copy(SKELETON, folder)


def territory_yaml(name: str, communes: list[Commune], shapes: dict[str, dict], source: str) -> str:
    largest = max(communes, key=lambda c: c.population)
    data = {
        "nom": name,
        "presentation": f"La {name} réunit les professionnels de santé de {len(communes)} communes.",
        "adresse": TERRITORY_PLACEHOLDERS["adresse"],
        "commune": largest.insee,
        "email": TERRITORY_PLACEHOLDERS["email"],
        "telephone": TERRITORY_PLACEHOLDERS["telephone"],
        "depot": TERRITORY_PLACEHOLDERS["depot"],
        "branche": "main",
        "communes": [
            {"insee": c.insee, "nom": c.nom, "codes_postaux": list(c.codes_postaux),
             "population": c.population, "centre": boundaries.centre(shapes[c.insee])}
            for c in communes
        ],
        "contours": "communes.geojson",
        "sources": [f"Communes : {reference.source()['paquet']}@{reference.source()['version']} "
                    "(Licence Ouverte).", f"Contours : {source}."],
    }
    header = (f"# Territoire de la {name}, créé par cpts init {__version__}.\n"
              "# À compléter : adresse, e-mail, téléphone et dépôt GitHub de la CPTS.\n")
    return header + yaml.dump(data, Dumper=_QuotingDumper, allow_unicode=True, sort_keys=False,
                              width=100)


class _QuotingDumper(yaml.SafeDumper):
    """Quotes strings of digits (« "06009" »): every YAML reader, and every member, sees text."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = '"' if value[:1].isdigit() or value[:1] == "+" else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_QuotingDumper.add_representer(str, _represent_text)


def _geojson(communes: list[Commune], shapes: dict[str, dict]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": c.insee, "nom": c.nom},
         "geometry": shapes[c.insee]} for c in communes
    ]}, ensure_ascii=False, separators=(",", ":"))
