"""Files of directory/ that cpts does not read: each one a warning, so that no entry vanishes
from the site without a word (« martin.YML », « martin » without extension, a misspelt
folder « professionel/ », a sub-folder)."""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .problems import Problem, Severity

# Files that tools put everywhere and that nobody expects to be published.
_NOISE = {".gitkeep", ".keep", ".DS_Store", "Thumbs.db", "desktop.ini"}


def unread_files(root: Path, seen: set[Path], kind_folders: Iterable[str],
                 display: Callable[[Path], str]) -> Iterator[Problem]:
    """One warning per file under `root` that was neither read nor already reported."""
    folders = sorted(kind_folders)
    for here, dirs, files in os.walk(root):
        dirs.sort()
        folder = Path(here)
        # os.walk does not follow symlinked folders: each is one unread entry.
        names = sorted(files) + sorted(d for d in dirs if (folder / d).is_symlink())
        for name in names:
            path = folder / name
            if path in seen or name in _NOISE:
                continue
            reason = _why_unread(path.relative_to(root), folders)
            yield Problem(display(path), 0, "", reason, Severity.WARNING)


def _why_unread(relative: Path, folders: list[str]) -> str:
    """What is wrong with the file's place or name, and what to do, in French."""
    parts = relative.parts
    stem, suffix = relative.stem, relative.suffix
    unread = "ce fichier n'est pas lu, il n'apparaît pas sur le site"
    if len(parts) == 1:
        if suffix.lower() in (".yml", ".yaml"):
            return (f"{unread} — une fiche va dans l'un des dossiers de directory/ "
                    f"({', '.join(folders)})")
        return f"{unread} — déplacez-le hors de directory/, ou supprimez-le"
    top = parts[0]
    if top not in folders:
        near = difflib.get_close_matches(top, folders, n=1, cutoff=0.7)
        if near:
            return f"{unread} : le dossier « {top} » n'existe pas — renommez-le en « {near[0]} »"
        return (f"{unread} : « {top} » n'est pas un dossier de l'annuaire — les dossiers sont : "
                f"{', '.join(folders)}")
    if len(parts) > 2:
        return (f"{unread} : il est dans un sous-dossier — placez-le directement dans "
                f"directory/{top}/")
    if suffix.lower() in (".yml", ".yaml"):
        return f"{unread} — renommez-le en {stem}.yml (extension en minuscules)"
    if not suffix:
        return f"{unread} — ajoutez l'extension : renommez-le en {relative.name}.yml"
    return f"{unread} (seuls les fichiers .yml le sont) — renommez-le en {stem}.yml, ou supprimez-le"
