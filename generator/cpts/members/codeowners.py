""".github/CODEOWNERS from the directory: who must review a change to which file.

The CPTS coordinators (`coordinateurs` of territoire.yml) own every file; each entry's
`mainteneurs` own its file too. With the branch protection « Require review from Code
Owners », nobody can quietly change a colleague's entry: the change waits for its owner or
a coordinator. The file is generated (`cpts codeowners`) and CI fails when it is stale
(`cpts codeowners --check`).
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from ..directory.load import RawDirectory, load_directory

OUTPUT = Path(".github") / "CODEOWNERS"
# A GitHub login, as the schema (commun.schema.json#/$defs/mainteneurs) accepts it.
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")

HEADER = """\
# Généré par « cpts codeowners » à partir de directory/ : ne modifiez pas ce fichier à la main.
# Pour changer qui relit une fiche, modifiez la liste « mainteneurs » de la fiche (ou
# « coordinateurs » dans directory/territoire.yml), puis relancez « cpts codeowners ».
#
# Les coordinateurs de la CPTS relisent tout ; les mainteneurs d'une fiche relisent aussi la
# leur. (Sur GitHub, la dernière ligne qui correspond à un fichier l'emporte : chaque ligne de
# fiche nomme donc aussi les coordinateurs.)
"""


def logins(value: object) -> list[str]:
    """The valid GitHub logins of a `mainteneurs`/`coordinateurs` value (others are ignored:
    the validator reports them)."""
    if not isinstance(value, list):
        return []
    seen: list[str] = []
    for login in value:
        if isinstance(login, str) and _LOGIN.fullmatch(login) and login not in seen:
            seen.append(login)
    return seen


def render(raw: RawDirectory) -> str:
    coordinators = logins(raw.territory.data.get("coordinateurs")) if raw.territory else []
    everyone = " ".join(f"@{login}" for login in coordinators)
    lines = [HEADER]
    if coordinators:
        lines.append(f"* {everyone}")
    else:
        lines.append("# Aucun coordinateur dans directory/territoire.yml : ajoutez « coordinateurs ».")
    entries = []
    for doc in raw.documents():
        if doc is raw.territory or not isinstance(doc.data, dict):
            continue
        owners = [login for login in logins(doc.data.get("mainteneurs")) if login not in coordinators]
        if owners:
            entries.append(f"/{doc.path} " + " ".join(f"@{o}" for o in [*owners, *coordinators]))
    if entries:
        lines += ["", "# Fiches et leurs mainteneurs", *sorted(entries)]
    return "\n".join(lines) + "\n"


def generate(project: Path) -> str:
    return render(load_directory(project / "directory"))


def write(project: Path) -> Path:
    target = project / OUTPUT
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(generate(project), "utf-8")
    return target


def difference(project: Path) -> str:
    """Empty when .github/CODEOWNERS is up to date, else the diff that would bring it there."""
    target = project / OUTPUT
    current = target.read_text("utf-8") if target.is_file() else ""
    wanted = generate(project)
    if current == wanted:
        return ""
    return "".join(difflib.unified_diff(
        current.splitlines(keepends=True), wanted.splitlines(keepends=True),
        fromfile=f"{OUTPUT.as_posix()} (actuel)", tofile=f"{OUTPUT.as_posix()} (attendu)"))
