"""Load every file of directory/: the raw documents, by kind, and the problems met reading them."""

from __future__ import annotations

import functools
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .messages import schema_problems
from .problems import Problem
from .yamlfile import YamlDocument, read_yaml

# kind -> folder of directory/ holding one file per entry
FOLDERS = {
    "professionnel": "professionnels",
    "structure": "structures",
    "opportunite": "opportunites",
    # « S'installer »: aid schemes, ARS zoning, the CPTS's diagnostics, reference densities
    "aide": "aides",
    "zonage": "zonages",
    "diagnostic": "diagnostics",
    "densite": "densites",
    # Prevention campaigns and site-wide alerts (banner while active)
    "campagne": "campagnes",
    "alerte": "alertes",
}
TERRITORY_FILE = "territoire.yml"


@dataclass
class RawDirectory:
    """The parsed files of a directory, before cross-file rules and before the model."""

    root: Path
    territory: YamlDocument | None = None
    entries: dict[str, list[YamlDocument]] = field(
        default_factory=lambda: {kind: [] for kind in FOLDERS}
    )
    boundaries: dict | None = None
    problems: list[Problem] = field(default_factory=list)
    # Files whose schema check failed: cross-file rules skip them to avoid noise.
    invalid: set[str] = field(default_factory=set)

    def display(self, path: Path) -> str:
        return display_path(self.root, path)

    def documents(self) -> list[YamlDocument]:
        docs = [self.territory] if self.territory else []
        for kind in FOLDERS:
            docs.extend(self.entries[kind])
        return docs

    def valid(self, kind: str) -> list[YamlDocument]:
        return [d for d in self.entries[kind] if d.path not in self.invalid]


def display_path(root: Path, path: Path) -> str:
    """The path a member sees: relative to the repository (directory/…/x.yml)."""
    try:
        return Path(os.path.relpath(os.path.abspath(path), _base(root))).as_posix()
    except ValueError:  # pragma: no cover - other drive on Windows
        return path.as_posix()


@functools.cache
def _base(root: Path) -> str:
    return str(root.resolve().parent)


class ReadMemo:
    """Files parsed and schema-checked by the previous load, by their bytes: `cpts serve`
    parses and checks again only the files that changed (documents are never modified)."""

    def __init__(self) -> None:
        self._files: dict[tuple[str, str], tuple[bytes, YamlDocument | None, list[Problem],
                                                 bool]] = {}


def load_directory(root: Path, memo: ReadMemo | None = None) -> RawDirectory:
    """Parse and schema-check every file; collect all problems, raise none."""
    raw = RawDirectory(root)
    if not root.is_dir():
        raw.problems.append(Problem(str(root), 0, "", "le dossier de l'annuaire n'existe pas"))
        return raw
    territory_path = root / TERRITORY_FILE
    if territory_path.is_file():
        raw.territory = _read(raw, territory_path, "territoire", memo)
    else:
        raw.problems.append(Problem(raw.display(territory_path), 0, "",
                                    "fichier manquant : le territoire de la CPTS doit être décrit "
                                    "dans directory/territoire.yml"))
    for kind, folder in FOLDERS.items():
        folder_path = root / folder
        if not folder_path.is_dir():
            continue
        for path in sorted(folder_path.iterdir()):
            if path.suffix == ".yaml":
                raw.problems.append(Problem(raw.display(path), 0, "",
                                            f"renommez le fichier en {path.stem}.yml "
                                            "(l'extension doit être .yml)"))
            if path.suffix not in (".yml", ".yaml") or not path.is_file():
                continue
            doc = _read(raw, path, kind, memo)
            if doc is not None:
                raw.entries[kind].append(doc)
    _read_boundaries(raw)
    return raw


def _read(raw: RawDirectory, path: Path, kind: str, memo: ReadMemo | None) -> YamlDocument | None:
    if memo is None:
        return _read_and_check(raw, path, kind)
    display = raw.display(path)
    try:
        data = path.read_bytes()
    except OSError:
        return _read_and_check(raw, path, kind)
    known = memo._files.get((display, kind))
    if known is None or known[0] != data:
        before_problems, before_invalid = len(raw.problems), display in raw.invalid
        doc = _read_and_check(raw, path, kind)
        known = (data, doc, raw.problems[before_problems:],
                 display in raw.invalid and not before_invalid)
        memo._files[(display, kind)] = known
        return doc
    _, doc, problems, invalid = known
    raw.problems.extend(problems)
    if invalid:
        raw.invalid.add(display)
    return doc


def _read_and_check(raw: RawDirectory, path: Path, kind: str) -> YamlDocument | None:
    display = raw.display(path)
    doc, problems = read_yaml(path, display)
    raw.problems.extend(problems)
    if doc is None:
        raw.invalid.add(display)
        return None
    found = schema_problems(doc, kind)
    if found or problems:
        raw.invalid.add(display)
    raw.problems.extend(found)
    return doc


def _read_boundaries(raw: RawDirectory) -> None:
    if raw.territory is None or raw.territory.path in raw.invalid:
        return
    name = raw.territory.data.get("contours")
    if not name:
        return
    path = raw.root / name
    line = raw.territory.line_of(("contours",))
    try:
        raw.boundaries = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raw.problems.append(Problem(raw.territory.path, line, "contours",
                                    f"le fichier {name} est introuvable dans directory/ — "
                                    "ajoutez-le ou supprimez la ligne"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raw.problems.append(Problem(raw.display(path), getattr(exc, "lineno", 1), "",
                                    "ce fichier GeoJSON n'est pas du JSON valide — "
                                    "exportez-le de nouveau depuis votre outil de cartographie"))
