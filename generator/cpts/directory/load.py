"""Load every file of directory/: the raw documents, by kind, and the problems met reading them."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from .geojson import read_boundaries
from .messages import schema_problems
from .problems import Problem
from .unread import unread_files
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
    # Files read, or refused with a problem: any other file of directory/ is reported unread.
    seen: set[Path] = field(default_factory=set)

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
        return Path(os.path.relpath(real_path(path), _base(root))).as_posix()
    except ValueError:  # pragma: no cover - other drive on Windows
        return path.as_posix()


def real_path(path: Path) -> Path:
    """The absolute path with every symlinked folder above it resolved, but not the last name
    if it is a symlink (an entry that is a symlink is named by its own place in the directory)."""
    absolute = Path(os.path.abspath(path))
    if absolute.is_dir() and not absolute.is_symlink():
        return absolute.resolve()
    return _resolved(str(absolute.parent)) / absolute.name


@functools.lru_cache(maxsize=256)
def _resolved(folder: str) -> Path:
    """A folder's real path (the folders of a directory are looked up once per run)."""
    return Path(folder).resolve()


@functools.cache
def _base(root: Path) -> str:
    return str(root.resolve().parent)


def load_directory(root: Path) -> RawDirectory:
    """Parse and schema-check every file; collect all problems, raise none."""
    raw = RawDirectory(root)
    if not root.is_dir():
        raw.problems.append(Problem(str(root), 0, "", "le dossier de l'annuaire n'existe pas"))
        return raw
    territory_path = root / TERRITORY_FILE
    if _usable(raw, territory_path) and territory_path.is_file():
        raw.territory = _read(raw, territory_path, "territoire")
    elif not territory_path.is_symlink():
        raw.problems.append(Problem(raw.display(territory_path), 0, "",
                                    "fichier manquant : le territoire de la CPTS doit être décrit "
                                    "dans directory/territoire.yml"))
    for kind, folder in FOLDERS.items():
        folder_path = root / folder
        if not _usable(raw, folder_path) or not folder_path.is_dir():
            continue
        for path in sorted(folder_path.iterdir()):
            if path.suffix not in (".yml", ".yaml") or not _usable(raw, path) or not path.is_file():
                continue
            raw.seen.add(path)
            if path.suffix == ".yaml":
                raw.problems.append(Problem(raw.display(path), 0, "",
                                            f"renommez le fichier en {path.stem}.yml "
                                            "(l'extension doit être .yml)"))
            doc = _read(raw, path, kind)
            if doc is not None:
                raw.entries[kind].append(doc)
    _read_boundaries(raw)
    raw.problems.extend(unread_files(raw.root, raw.seen, FOLDERS.values(), raw.display))
    return raw


def _usable(raw: RawDirectory, path: Path) -> bool:
    """False, with a problem, for a symlink that leads nowhere or out of the repository (the
    folder that holds directory/): what it points to is never read, so never shown."""
    if not path.is_symlink():
        return True
    raw.seen.add(path)
    try:
        target: Path | None = path.resolve()
    except (OSError, RuntimeError):  # a loop of symlinks
        target = None
    if target is None or not target.exists():
        what = "ce lien symbolique ne mène à aucun fichier — remplacez-le par le fichier lui-même"
    elif raw.root.resolve().parent in target.parents:  # inside the repository
        return True
    else:
        what = ("ce lien symbolique mène hors du dépôt : il n'est pas lu — remplacez-le par le "
                "fichier lui-même, copié dans directory/")
    raw.problems.append(Problem(raw.display(path), 0, "", what))
    return False


def _read(raw: RawDirectory, path: Path, kind: str) -> YamlDocument | None:
    raw.seen.add(path)
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
    named = raw.territory.data.get("contours") if raw.territory else None
    # Not reported unread while territoire.yml, which names it, has problems of its own.
    raw.seen.add(raw.root / (named if isinstance(named, str) else "communes.geojson"))
    if raw.territory is None or raw.territory.path in raw.invalid:
        return
    name = raw.territory.data.get("contours")
    if not name:
        return
    path = raw.root / name
    line = raw.territory.line_of(("contours",))
    raw.seen.add(path)
    inside = raw.root.resolve()
    try:
        outside = inside not in real_path(path).parents or inside not in path.resolve().parents
    except (OSError, RuntimeError):  # a loop of symlinks
        outside = True
    if outside:
        raw.problems.append(Problem(raw.territory.path, line, "contours",
                                    f"le fichier {name} n'est pas dans directory/ — placez-y le "
                                    "fichier des contours et écrivez son nom seul, par exemple "
                                    "« contours: communes.geojson »"))
        return
    if not path.is_file():
        raw.problems.append(Problem(raw.territory.path, line, "contours",
                                    f"le fichier {name} est introuvable dans directory/ — "
                                    "ajoutez-le ou supprimez la ligne"))
        return
    raw.boundaries, problems = read_boundaries(path, raw.display(path))
    raw.problems.extend(problems)
