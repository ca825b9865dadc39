"""Entries not verified for 12 months: the list a monthly workflow keeps in one GitHub issue."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..directory.load import load_directory
from ..directory.rules import is_stale
from .codeowners import logins

# The label of the issue the monthly workflow keeps up to date (.github/workflows/fiches-a-verifier.yml).
LABEL = "fiches-a-verifier"


@dataclass(frozen=True)
class StaleEntry:
    path: str
    name: str
    verified_on: dt.date
    maintainers: tuple[str, ...]


def stale_entries(directory: Path, today: dt.date) -> list[StaleEntry]:
    """Professionals and structures whose `verifie_le` is more than 12 months old, oldest first."""
    raw = load_directory(directory)
    found = []
    for kind in ("professionnel", "structure"):
        for doc in raw.entries[kind]:
            data = doc.data if isinstance(doc.data, dict) else {}
            try:
                verified = dt.date.fromisoformat(str(data.get("verifie_le")))
            except ValueError:
                continue  # missing or malformed: the validator reports it
            if is_stale(verified, today):
                found.append(StaleEntry(doc.path, _name(kind, data, doc.slug), verified,
                                        tuple(logins(data.get("mainteneurs")))))
    return sorted(found, key=lambda e: (e.verified_on, e.path))


def _name(kind: str, data: dict, slug: str) -> str:
    if kind == "professionnel":
        name = " ".join(str(data[k]) for k in ("prenom", "nom") if isinstance(data.get(k), str))
    else:
        name = data.get("nom") if isinstance(data.get("nom"), str) else ""
    return name or slug


def repository_of(directory: Path) -> tuple[str | None, str]:
    """The repository and branch named in territoire.yml, for the « Modifier » links."""
    raw = load_directory(directory)
    data = raw.territory.data if raw.territory and isinstance(raw.territory.data, dict) else {}
    depot, branch = data.get("depot"), data.get("branche", "main")
    return (depot if isinstance(depot, str) and depot.startswith("https://") else None,
            branch if isinstance(branch, str) else "main")


def render(entries: list[StaleEntry], today: dt.date, output_format: str,
           repository: str | None = None, branch: str = "main") -> str:
    if output_format == "json":
        return json.dumps([{"fichier": e.path, "nom": e.name, "verifie_le": e.verified_on.isoformat(),
                            "mainteneurs": list(e.maintainers)} for e in entries],
                          ensure_ascii=False, indent=2)
    if output_format == "markdown":
        return _markdown(entries, today, repository, branch)
    if not entries:
        return "Toutes les fiches ont été vérifiées depuis moins de 12 mois."
    lines = [f"{e.path} : {e.name}, vérifiée le {e.verified_on.isoformat()}" for e in entries]
    lines.append(f"{len(entries)} fiche{'s' if len(entries) > 1 else ''} à vérifier "
                 "(non vérifiées depuis plus de 12 mois).")
    return "\n".join(lines)


def _markdown(entries: list[StaleEntry], today: dt.date, repository: str | None, branch: str) -> str:
    lines = [
        f"<!-- Mis à jour chaque mois par « cpts stale » (le {today.isoformat()}). -->",
        "Ces fiches n'ont pas été vérifiées depuis plus de 12 mois. Pour chacune, la personne "
        "concernée (ou un coordinateur) relit la fiche, corrige ce qui a changé et met "
        f"`verifie_le` à la date du jour, par exemple `verifie_le: \"{today.isoformat()}\"`, "
        "avec le lien « Modifier ». Une fiche vérifiée disparaît de cette liste le mois suivant.",
        "",
    ]
    if not entries:
        lines.append("Aucune fiche à vérifier : toutes ont été vérifiées depuis moins de 12 mois.")
        return "\n".join(lines) + "\n"
    lines += [f"**{len(entries)} fiche{'s' if len(entries) > 1 else ''} à vérifier** :", "",
              "| Fiche | Vérifiée le | Mainteneurs | |", "|---|---|---|---|"]
    for e in entries:
        owners = " ".join(f"@{login}" for login in e.maintainers) or "coordinateurs"
        edit = (f"[Modifier]({repository.rstrip('/')}/edit/{branch}/{e.path})"
                if repository else "")
        lines.append(f"| {_cell(e.name)} (`{e.path}`) | {e.verified_on.isoformat()} | {owners} | {edit} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Member-written text in a Markdown table cell: no markup, no cell break."""
    for char in "\\|[]()<>*_`#!":
        text = text.replace(char, "\\" + char)
    return text
