"""`cpts validate PATH…`: the problems a member asked for. A path selects, it never hides.

A folder selects every problem of the files it holds; a file selects its own problems and
every cross-file problem it takes part in (a duplicate reported on the other file, a
reference to it from an unchanged entry). A path that cannot be used — missing, mistyped,
outside the directory — is itself an error, never an empty, successful report.
"""

from __future__ import annotations

import difflib
import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .load import real_path
from .messages import visible
from .problems import Problem

_OS_ERRORS = {errno.ENAMETOOLONG: "nom trop long", errno.EACCES: "accès refusé",
              errno.ELOOP: "liens symboliques en boucle"}


@dataclass(frozen=True)
class _Selected:
    display: str  # directory/… as problems name it
    is_folder: bool

    def matches(self, path: str) -> bool:
        if not self.is_folder:
            return path == self.display
        return path == self.display or path.startswith(self.display.rstrip("/") + "/")


def select(problems: Iterable[Problem], root: Path, paths: Iterable[Path]) -> list[Problem]:
    """The problems involving the given files and folders, plus one error per unusable path."""
    base = root.resolve()
    chosen: list[_Selected] = []
    unusable: list[Problem] = []
    for given in paths:
        shown = visible(given.as_posix())
        try:
            real = Path(os.path.abspath(given)).resolve() if given.is_dir() else real_path(given)
            exists = real.exists() or real.is_symlink()
        except (OSError, RuntimeError) as exc:  # a name too long, a loop of symlinks…
            why = _OS_ERRORS.get(getattr(exc, "errno", None) or errno.ELOOP, "erreur du système")
            unusable.append(Problem(shown, 0, "", f"ce chemin ne peut pas être lu ({why}) — "
                                    "vérifiez-le"))
            continue
        if not exists:
            unusable.append(Problem(shown, 0, "", "ce fichier ou ce dossier n'existe pas — "
                                    f"vérifiez le chemin{_suggest(real, base)}"))
        elif real != base and base not in real.parents:
            unusable.append(Problem(shown, 0, "", "ce chemin n'est pas dans l'annuaire "
                                    f"({_name(base, base)}/) — donnez un fichier ou un dossier de "
                                    "l'annuaire, ou aucun chemin pour tout vérifier"))
        else:
            chosen.append(_Selected(_name(real, base), real.is_dir() and not real.is_symlink()))
    kept = [p for p in problems
            if any(s.matches(path) for s in chosen for path in (p.path, *p.related))]
    return kept + unusable


def _name(real: Path, base: Path) -> str:
    return Path(os.path.relpath(real, base.parent)).as_posix()


def _suggest(real: Path, base: Path) -> str:
    """The nearest existing name in the same folder, for a mistyped path."""
    folder = real.parent
    if not folder.is_dir():
        return ""
    names = sorted(p.name for p in folder.iterdir())
    near = difflib.get_close_matches(real.name, names, n=1)
    if not near:
        return ""
    candidate = folder / near[0]
    inside = candidate == base or base in candidate.parents
    return f", par exemple « {_name(candidate, base) if inside else candidate} »"
