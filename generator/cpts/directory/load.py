"""Load every file of directory/: the raw documents, by kind, and the problems met reading them."""

from __future__ import annotations

import functools
import os
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from .focus import NAMED_KINDS, touched
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
    # `cpts serve`'s memory of the files parsed by the previous load (see ReadMemo).
    memo: ReadMemo | None = None
    # Entries a focused load (`load_directory(root, only=…)`) did not read: their file names,
    # by kind, which is what the rules need of them (a structure exists).
    unread_names: dict[str, set[str]] = field(
        default_factory=lambda: {kind: set() for kind in FOLDERS}
    )

    def display(self, path: Path) -> str:
        return display_path(self.root, path)

    def documents(self) -> list[YamlDocument]:
        docs = [self.territory] if self.territory else []
        for kind in FOLDERS:
            docs.extend(self.entries[kind])
        return docs

    def valid(self, kind: str) -> list[YamlDocument]:
        return [d for d in self.entries[kind] if d.path not in self.invalid]

    def names(self, kind: str) -> set[str]:
        """The names (file names without .yml) of the entries of `kind` that could be read."""
        return {doc.slug for doc in self.entries[kind]} | self.unread_names[kind]


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


class ReadMemo:
    """Files parsed and schema-checked by the previous load, by their bytes: `cpts serve`
    parses and checks again only the files that changed (documents are never modified)."""

    def __init__(self) -> None:
        self._files: dict[tuple[str, str], tuple[bytes, YamlDocument | None, list[Problem],
                                                 bool]] = {}


def load_directory(root: Path, only: Collection[Path] | None = None,
                   memo: ReadMemo | None = None) -> RawDirectory:
    """Parse and schema-check every file; collect all problems, raise none.

    `only`: files and folders of the directory whose problems are wanted (`cpts validate
    FILE…`). Then only those files are schema-checked, and of the others only those a
    cross-file rule may relate to them are parsed (focus.py); the problems of the named files
    are the same as with every file read. The territory is always read.
    `memo` (`cpts serve`): files whose bytes did not change are not parsed and checked again."""
    raw = RawDirectory(root)
    raw.memo = memo
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
    files = _entry_files(raw)
    wanted = _focus(raw, files, only)
    if wanted is None:
        for kind, path in files:
            _add(raw, kind, path)
    else:
        others = [(kind, path) for kind, path in files if path not in wanted]
        for kind, path in files:
            if path in wanted:
                _add(raw, kind, path)
        read = {doc.path: doc for kind in FOLDERS for doc in raw.entries[kind]}
        selected = [(kind, path, read.get(raw.display(path))) for kind, path in files
                    if path in wanted]
        needed = touched(selected, others)
        for kind, path in others:
            if path in needed:
                _add(raw, kind, path, schema=False)
            else:
                raw.unread_names[kind].add(path.stem)
        for kind in FOLDERS:  # in the order of a full load: rules report the later duplicate
            raw.entries[kind].sort(key=lambda doc: doc.path)
    _read_boundaries(raw)
    raw.problems.extend(unread_files(raw.root, raw.seen, FOLDERS.values(), raw.display))
    return raw


def _entry_files(raw: RawDirectory) -> list[tuple[str, Path]]:
    """(kind, path) of every entry file, in the order they are read; a symlink that cannot be
    used and a « .yaml » extension are reported here."""
    files: list[tuple[str, Path]] = []
    for kind, folder in FOLDERS.items():
        folder_path = raw.root / folder
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
            files.append((kind, path))
    return files


def _add(raw: RawDirectory, kind: str, path: Path, schema: bool = True) -> None:
    doc = _read(raw, path, kind, schema)
    if doc is not None:
        raw.entries[kind].append(doc)


def _focus(raw: RawDirectory, files: list[tuple[str, Path]],
           only: Collection[Path] | None) -> set[Path] | None:
    """The entry files named by `only` (a file, or the files of a folder), or None when every
    file is to be checked: no selection, or one that holds the territory or its contours,
    which every entry's problems may involve."""
    if only is None:
        return None
    base = raw.root.resolve()
    shared = {real_path(raw.root / TERRITORY_FILE)}
    contours = raw.territory.data.get("contours") if raw.territory else None
    if isinstance(contours, str):
        shared.add(real_path(raw.root / contours))
    chosen: list[tuple[Path, bool]] = []
    for given in only:
        try:
            folder = given.is_dir() and not given.is_symlink()
            real = Path(os.path.abspath(given)).resolve() if folder else real_path(given)
        except (OSError, ValueError):  # a name too long, a NUL byte: the selection reports it
            continue
        if real == base or real in base.parents or real in shared:
            return None
        chosen.append((real, folder))
    named = {target for target, folder in chosen if not folder}
    folders = [target for target, folder in chosen if folder]
    # A folder of structures or campaigns also selects the references to its missing files,
    # which only a full read finds.
    referenced = [(raw.root / FOLDERS[kind]).resolve() for kind in NAMED_KINDS]
    if any(f == r or f in r.parents for f in folders for r in referenced):
        return None
    parents: dict[Path, tuple[Path, bool]] = {}  # an entry folder: resolved, chosen whole
    wanted: set[Path] = set()
    for _kind, path in files:
        if path.parent not in parents:
            real = path.parent.resolve()
            parents[path.parent] = real, any(f == real or f in real.parents for f in folders)
        real, whole = parents[path.parent]
        if whole or real / path.name in named:  # real_path(path), one resolve per folder
            wanted.add(path)
    # A large part of the directory (a whole folder): as well read everything.
    return wanted if len(wanted) * 4 <= len(files) else None


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


def _read(raw: RawDirectory, path: Path, kind: str, schema: bool = True) -> YamlDocument | None:
    """The parsed file, schema-checked unless `schema` is False (a file read only for what the
    cross-file rules need of it, whose own problems are not wanted)."""
    raw.seen.add(path)
    memo = raw.memo
    if memo is None or not schema:
        return _read_and_check(raw, path, kind, schema)
    display = raw.display(path)
    try:
        data = path.read_bytes()
    except OSError:
        return _read_and_check(raw, path, kind, schema)
    known = memo._files.get((display, kind))
    if known is None or known[0] != data:
        before_problems, before_invalid = len(raw.problems), display in raw.invalid
        doc = _read_and_check(raw, path, kind, schema)
        known = (data, doc, raw.problems[before_problems:],
                 display in raw.invalid and not before_invalid)
        memo._files[(display, kind)] = known
        return doc
    _, doc, problems, invalid = known
    raw.problems.extend(problems)
    if invalid:
        raw.invalid.add(display)
    return doc


def _read_and_check(raw: RawDirectory, path: Path, kind: str, schema: bool) -> YamlDocument | None:
    display = raw.display(path)
    doc, problems = read_yaml(path, display)
    raw.problems.extend(problems)
    if doc is None:
        raw.invalid.add(display)
        return None
    if not schema:
        return doc
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
